package io.moolah.platform.security;

import jakarta.enterprise.context.RequestScoped;

/** The current request's verified caller; set by {@link AuthenticationFilter}. */
@RequestScoped
public class CallerContext {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** @throws IllegalStateException on a resource that is not {@link Authenticated} */
    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return caller;
    }
}
