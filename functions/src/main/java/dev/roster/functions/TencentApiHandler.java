package dev.roster.functions;

import dev.roster.shared.compat.tencent.TencentApi;
import dev.roster.shared.config.Services;
import dev.roster.shared.http.HttpApi;

import java.util.List;

/** Tencent Cloud API 3.0 ({@code POST /}, TC3-HMAC-SHA256 signed): CIAM's user and job actions, unchanged. */
public final class TencentApiHandler extends DoorHandler {

    public static final String ROUTE = "POST /";
    public static final List<String> ROUTES = List.of(ROUTE);

    public TencentApiHandler() {
        this(Services.fromEnvironment().tencent(), Services.fromEnvironment().httpApi());
    }

    public TencentApiHandler(TencentApi tencent, HttpApi api) {
        super(api, tencent);
    }
}
