package io.vestnik.host;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vestnik.domain.User;
import io.vestnik.protocol.Check;
import io.vestnik.protocol.Problem;
import io.vestnik.store.UserStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host application's users, by the host's own id for them (the external id). A user put here
 * is the one a host token with {@code sub} = external id signs in as, whichever comes first: both
 * live under the host token issuer's namespace ({@code HostTokens.identityIssuer}).
 *
 * <p>Thread-safe. Blocking (storage): call off the event loop.
 */
public final class HostUsers {
    /** Safe in a URL path unescaped, and wide enough for numbers, UUIDs, e-mail addresses and "provider|id" subjects. */
    private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9._~:@|+=-]{1,128}");
    static final int MAX_METADATA_BYTES = 4096;
    static final int MAX_AVATAR_URL = 2048;

    private final UserStore users;
    private final String issuer;
    private final Clock clock;

    /** @param issuer the namespace of external ids: the host token issuer's */
    public HostUsers(UserStore users, String issuer, Clock clock) {
        this.users = users;
        this.issuer = issuer;
        this.clock = clock;
    }

    /** {@code PUT /api/v1/server/users/{external_id}}: the whole profile; what is left out is cleared. */
    public record PutUser(String displayName, String avatarUrl, Map<String, Object> metadata, Boolean bot) {}

    /** A user as the host's servers see it: every field of the public user, and the metadata. */
    public record View(@JsonUnwrapped User user, @JsonRawValue String metadata) {
        static View of(UserStore.HostUser user) {
            return new View(user.user(), user.metadata());
        }
    }

    public record Put(View user, boolean created) {}

    public Put put(String externalId, PutUser request) {
        String subject = externalId(externalId);
        var profile = new UserStore.Profile(Check.text(request.displayName(), "display_name", User.MAX_DISPLAY_NAME),
                avatarUrl(request.avatarUrl()), Check.jsonObject(request.metadata(), "metadata", MAX_METADATA_BYTES), Boolean.TRUE.equals(request.bot()));
        UserStore.Put put = users.putExternal(issuer, subject, profile, clock.instant());
        return new Put(View.of(put.user()), put.created());
    }

    public View get(String externalId) {
        return users.findExternal(issuer, externalId(externalId)).map(View::of).orElseThrow(() -> unknown(externalId));
    }

    /** The Vestnik id of one external id; 404 when the host has not put that user (nor has it signed in). */
    public long idOf(String externalId) {
        return idsOf(List.of(externalId)).getFirst();
    }

    /** The Vestnik ids of {@code externalIds}, in their order, repeats dropped; 404 naming the first unknown one. */
    public List<Long> idsOf(List<String> externalIds) {
        Set<String> subjects = new LinkedHashSet<>();
        for (String id : externalIds) subjects.add(externalId(id));
        Map<String, Long> known = users.idsOfExternal(issuer, subjects);
        List<Long> ids = new ArrayList<>(subjects.size());
        for (String subject : subjects) {
            Long id = known.get(subject);
            if (id == null) throw unknown(subject);
            ids.add(id);
        }
        return ids;
    }

    /** The users of {@code ids} that exist, by id. */
    Map<Long, User> byIds(Collection<Long> ids) {
        Map<Long, User> found = new HashMap<>();
        for (User user : users.findAll(ids)) found.put(user.id(), user);
        return found;
    }

    private static Problem unknown(String externalId) {
        return Problem.notFound("User '" + externalId + "'");
    }

    private static String externalId(String value) {
        if (value == null || !EXTERNAL_ID.matcher(value).matches()) {
            throw Problem.invalid("An external id is 1 to 128 letters, digits or . _ ~ : @ | + = -");
        }
        return value;
    }

    /** Only web addresses: a client shows it as an image, and a {@code javascript:} URL there would run. */
    private static String avatarUrl(String url) {
        if (url == null) return null;
        Check.text(url, "avatar_url", MAX_AVATAR_URL);
        try {
            URI uri = new URI(url);
            if (("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // refused below, as any other address that is not http(s)
        }
        throw Problem.invalid("Field 'avatar_url' must be an http or https address.");
    }

}
