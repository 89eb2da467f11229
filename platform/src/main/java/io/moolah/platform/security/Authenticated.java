package io.moolah.platform.security;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks resources that need a verified bearer token. With {@code operator = true} the caller must also hold the
 * operator role (403 otherwise). The caller is then available as a request-scoped {@link CallerContext}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authenticated {
    boolean operator() default false;
}
