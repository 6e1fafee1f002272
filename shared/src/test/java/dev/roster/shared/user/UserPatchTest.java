package dev.roster.shared.user;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** {@link UserPatch#applyTo}: what an UpdateUser does to a stored user. */
public class UserPatchTest {

    private static final long LATER = 1_700_000_000_000L;

    /** A stored user as UpdateUser finds it (the store and id UserInputUpdateTest addresses). */
    public static User storedUser() {
        return User.builder("d733b65803284091a998ab707d820726", "5f2a0c1e9d3b4b7e8a6c0d1e2f3a4b5c").userName("testuser006").email("testuser006@test.com")
                .phoneNumber("+86-19877755556").profile(Map.of("Nickname", "Tess", "Address", "1 Main St"))
                .userGroups(List.of("g1")).userOrgs(List.of("o1"))
                .customAttributes(List.of(new CustomAttribute("team", "blue", "STRING")))
                .status(User.STATUS_NOT_ENABLED).dataSource(User.SOURCE_ADMIN).createdAt(1_600_000_000_000L)
                .lastModifiedDate(1_600_000_000_000L).version(3).build();
    }

    private static UserPatch patch(String userName, Map<String, Optional<String>> profile,
                                   List<CustomAttribute> customAttributes) {
        return new UserPatch(userName, null, null, profile, null, null, customAttributes, null);
    }

    @Test
    void returnsTheSameInstanceWhenNothingChanges() {
        // given
        User current = storedUser();
        UserPatch patch = new UserPatch(current.userName(), current.email(), current.phoneNumber(),
                Map.of("Nickname", Optional.of("Tess")), null, List.of("g1"),
                List.of(new CustomAttribute("team", "blue", "STRING")), null);

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertSame(current, result);
        assertEquals(3, result.version());
        assertEquals(1_600_000_000_000L, result.lastModifiedDate());
    }

    @Test
    void clearingAnAbsentPropertyChangesNothing() {
        // given
        User current = storedUser();
        UserPatch patch = patch(null, Map.of("IndexedAttribute1", Optional.empty()), null);

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertSame(current, result);
    }

    @Test
    void bumpsVersionAndLastModifiedDateOnAChange() {
        // given
        User current = storedUser();
        UserPatch patch = patch("renamed", Map.of(), null);

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertEquals("renamed", result.userName());
        assertEquals(4, result.version());
        assertEquals(LATER, result.lastModifiedDate());
    }

    @Test
    void keepsWhatThePatchDoesNotName() {
        // given
        User current = storedUser();
        UserPatch patch = patch("renamed", Map.of(), null);

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertEquals(current.userStoreId(), result.userStoreId());
        assertEquals(current.userId(), result.userId());
        assertEquals(current.email(), result.email());
        assertEquals(current.phoneNumber(), result.phoneNumber());
        assertEquals(current.profile(), result.profile());
        assertEquals(current.userGroups(), result.userGroups());
        assertEquals(current.userOrgs(), result.userOrgs());
        assertEquals(current.customAttributes(), result.customAttributes());
        assertEquals(current.status(), result.status());
        assertEquals(current.dataSource(), result.dataSource());
        assertEquals(current.createdDate(), result.createdDate());
    }

    @Test
    void customAttributesMergeByName() {
        // given
        User current = withCustom(storedUser(), List.of(new CustomAttribute("team", "blue", "STRING"),
                new CustomAttribute("age", "41", "NUMBER")));
        UserPatch patch = patch(null, Map.of(), List.of(new CustomAttribute("age", "42", "NUMBER"),
                new CustomAttribute("vip", "true", "BOOLEAN")));

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertEquals(List.of(new CustomAttribute("team", "blue", "STRING"), new CustomAttribute("age", "42", "NUMBER"),
                new CustomAttribute("vip", "true", "BOOLEAN")), result.customAttributes());
        assertEquals(current.version() + 1, result.version());
    }

    @Test
    void customAttributeWithNullValueIsRemoved() {
        // given
        User current = withCustom(storedUser(), List.of(new CustomAttribute("team", "blue", "STRING"),
                new CustomAttribute("age", "41", "NUMBER")));
        UserPatch patch = patch(null, Map.of(), List.of(new CustomAttribute("team", null, "STRING")));

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertEquals(List.of(new CustomAttribute("age", "41", "NUMBER")), result.customAttributes());
        assertEquals(LATER, result.lastModifiedDate());
    }

    @Test
    void removingAnAbsentCustomAttributeChangesNothing() {
        // given
        User current = storedUser();
        UserPatch patch = patch(null, Map.of(), List.of(new CustomAttribute("nope", null, "STRING")));

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertSame(current, result);
    }

    @Test
    void emptyBirthdateClearsIt() {
        // given
        User base = storedUser();
        User current = new User(base.userStoreId(), base.userId(), base.userName(), base.email(),
                base.phoneNumber(), base.profile(), 631_152_000_000L, base.userGroups(), base.userOrgs(),
                base.customAttributes(), false, base.status(), base.dataSource(), base.createdDate(),
                base.lastModifiedDate(), base.version(), null);
        UserPatch patch = new UserPatch(null, null, null, Map.of(), Optional.empty(), null, null, null);

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertEquals(null, result.birthdate());
        assertEquals(current.version() + 1, result.version());
    }

    private static User withCustom(User base, List<CustomAttribute> custom) {
        return new User(base.userStoreId(), base.userId(), base.userName(), base.email(), base.phoneNumber(),
                base.profile(), base.birthdate(), base.userGroups(), base.userOrgs(), custom,
                base.identityVerified(), base.status(), base.dataSource(), base.createdDate(),
                base.lastModifiedDate(), base.version(), base.password());
    }

    private static UserPatch auth0Patch(boolean clearCustom, Boolean emailVerified, Boolean blocked, String appMetadata) {
        return new UserPatch(null, null, null, Map.of(), null, null, null, null, clearCustom, emailVerified, blocked,
                appMetadata == null ? null : json(appMetadata));
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        return dev.roster.shared.json.Json.parseObject(text);
    }

    @Test
    void appMetadataMergesAtItsRootANullRemovingAKey() {
        // given
        User current = storedUser().toBuilder().appMetadata("{\"plan\":\"gold\",\"trial\":true,\"limits\":{\"a\":1,\"b\":2}}")
                .build();
        UserPatch patch = auth0Patch(false, null, null, "{\"trial\":null,\"limits\":{\"a\":5},\"roles\":[\"x\"]}");

        // when
        User result = patch.applyTo(current, LATER);

        // then: deeper levels are replaced, not merged
        assertEquals(json("{\"plan\":\"gold\",\"limits\":{\"a\":5},\"roles\":[\"x\"]}"), json(result.appMetadata()));
        assertEquals(4, result.version());
    }

    @Test
    void emptyObjectsRemoveAllMetadata() {
        // given
        User current = storedUser().toBuilder().appMetadata("{\"plan\":\"gold\"}").build();
        UserPatch patch = auth0Patch(true, null, null, "{}");

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertEquals(null, result.appMetadata());
        assertEquals(List.of(), result.customAttributes());
    }

    @Test
    void flagsReplaceTheUsersAndBlockingShowsAsFreeze() {
        // given
        User current = storedUser();
        UserPatch patch = auth0Patch(false, true, true, null);

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertEquals(true, result.emailVerified());
        assertEquals(true, result.blocked());
        assertEquals(User.STATUS_NOT_ENABLED, result.status());
        assertEquals(User.STATUS_FREEZE, result.shownStatus());
        assertEquals(User.STATUS_NOT_ENABLED, auth0Patch(false, null, false, null).applyTo(result, LATER + 1)
                .shownStatus());
    }

    @Test
    void settingTheFlagsAndMetadataTheUserHasChangesNothing() {
        // given
        User current = storedUser().toBuilder().emailVerified(true).appMetadata("{\"plan\":\"gold\"}").build();
        UserPatch patch = auth0Patch(false, true, false, "{\"plan\":\"gold\"}");

        // when
        User result = patch.applyTo(current, LATER);

        // then
        assertSame(current, result);
    }

    @Test
    void aNewEmailIsUnverifiedUnlessThePatchSaysOtherwise() {
        // given
        User current = storedUser().toBuilder().emailVerified(true).build();
        UserPatch newEmail = new UserPatch(null, "other@test.com", null, Map.of(), null, null, null, null);
        UserPatch sameEmail = new UserPatch(null, "TestUser006@test.com", null, Map.of(), null, null, null, null);
        UserPatch verifiedEmail = new UserPatch(null, "other@test.com", null, Map.of(), null, null, null, null, false,
                true, null, null);

        // when / then
        assertEquals(false, newEmail.applyTo(current, LATER).emailVerified());
        assertEquals(true, sameEmail.applyTo(current, LATER).emailVerified());
        assertEquals(true, verifiedEmail.applyTo(current, LATER).emailVerified());
    }
}
