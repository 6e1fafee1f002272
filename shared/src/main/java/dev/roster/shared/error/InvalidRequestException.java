package dev.roster.shared.error;

/** 400: the request is malformed, incomplete or has a value we refuse. Nothing was written. */
public final class InvalidRequestException extends ApiException {

    public static final String MISSING_PARAMETER = "MissingParameter";
    public static final String INVALID_PARAMETER = "InvalidParameter";
    public static final String INVALID_PARAMETER_VALUE = "InvalidParameterValue";
    public static final String UNKNOWN_PARAMETER = "UnknownParameter";
    public static final String INDEXED_ATTRIBUTE_TOO_LONG = "FailedOperation.IndexedAttributeTooLong";
    public static final String ATTRIBUTE_FORMAT_ERROR = "FailedOperation.AttributeFormatError";

    public InvalidRequestException(String code, String message) {
        super(code, message);
    }

    /** An error about one field, named as the request named it ({@code Email}, {@code fields.name}). */
    public InvalidRequestException(String code, String message, String field) {
        super(code, message, field);
    }

    public static InvalidRequestException missing(String field) {
        return new InvalidRequestException(MISSING_PARAMETER, "The parameter " + field + " is required.", field);
    }

    public static InvalidRequestException invalidValue(String field, String why) {
        return new InvalidRequestException(INVALID_PARAMETER_VALUE, "The value of " + field + " is invalid: " + why,
                field);
    }

    public static InvalidRequestException unknown(String field) {
        return new InvalidRequestException(UNKNOWN_PARAMETER, "The parameter " + field + " is not recognised.", field);
    }
}
