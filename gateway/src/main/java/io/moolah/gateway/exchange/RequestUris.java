package io.moolah.gateway.exchange;

/**
 * The path and query of a request target as sent: origin-form ({@code /a/b?c}), absolute-form
 * ({@code https://host/a/b?c}, which HTTP/1.1 servers must accept; its scheme and authority are dropped: requests
 * only ever go to the upstream) and asterisk-form ({@code *}).
 */
final class RequestUris {
    private RequestUris() {
    }

    static String path(String uri) {
        if (uri.isEmpty()) {
            return "";
        }
        int start = 0;
        if (uri.charAt(0) != '/') {
            int scheme = uri.indexOf("://");
            if (scheme >= 0) {
                start = uri.indexOf('/', scheme + 3);
                if (start < 0) {
                    return "/";
                }
            }
        }
        int end = uri.indexOf('?', start);
        return end < 0 ? (start == 0 ? uri : uri.substring(start)) : uri.substring(start, end);
    }

    static String query(String uri) {
        int question = uri.indexOf('?');
        if (question < 0) {
            return null;
        }
        return uri.substring(question + 1);
    }
}
