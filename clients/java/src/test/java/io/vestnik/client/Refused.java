package io.vestnik.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionException;
import org.assertj.core.api.ThrowableAssert;

/** Asserts that a call is refused with a typed {@link VestnikException}. */
final class Refused {
    private Refused() {}

    /** The call fails with a {@link VestnikException} of this status (0 over the socket) and code; a future's failure is unwrapped. */
    static void refused(ThrowableAssert.ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).satisfies(thrown -> {
            Throwable cause = thrown instanceof CompletionException ? thrown.getCause() : thrown;
            assertThat(cause).isInstanceOfSatisfying(VestnikException.class, e -> {
                assertThat(e.status()).as(e.toString()).isEqualTo(status);
                assertThat(e.code()).as(e.toString()).isEqualTo(code);
            });
        });
    }
}
