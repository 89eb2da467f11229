package io.moolah.platform.security;

import io.moolah.platform.web.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.AnnotatedElement;

/** Checks the bearer token on {@link Authenticated} resources, and the operator role where asked. */
public class AuthenticationFilter {
    @Inject
    TokenVerifier verifier;

    @Inject
    CallerContext callerContext;

    @Authenticated
    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request, ResourceInfo resource) {
        Caller caller = verifier.verify(request.getHeaderString("Authorization"));
        if (operatorOnly(resource) && !caller.isOperator()) {
            throw new ProblemException(403, "FORBIDDEN", "Forbidden", "This needs the operator role.");
        }
        callerContext.set(caller);
    }

    private static boolean operatorOnly(ResourceInfo resource) {
        return requiresOperator(resource.getResourceMethod()) || requiresOperator(resource.getResourceClass());
    }

    private static boolean requiresOperator(AnnotatedElement element) {
        Authenticated authenticated = element == null ? null : element.getAnnotation(Authenticated.class);
        return authenticated != null && authenticated.operator();
    }
}
