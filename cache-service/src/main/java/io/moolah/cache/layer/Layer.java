package io.moolah.cache.layer;

/** The read path's layers, as they appear in metrics: {@code moolah.cache.requests{layer, result}}. */
public enum Layer {
    L1, L2, L3;

    public String tag() {
        return name().toLowerCase();
    }
}
