package io.moolah.localstack;

/** A process of the local run that {@link ProcessSupervisor} keeps alive: a service, or PostgreSQL, Redis or Kafka. */
public interface Restartable {
    String name();

    boolean isAlive();

    /** Starts it again after it stopped; may throw, and is then tried again after the back-off. */
    void restart();

    int restarts();

    /** Wraps a server with its own liveness check and restart, counting restarts. */
    static Restartable of(String name, java.util.function.BooleanSupplier alive, Runnable restart) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return new Restartable() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isAlive() {
                return alive.getAsBoolean();
            }

            @Override
            public void restart() {
                restart.run();
                count.incrementAndGet();
            }

            @Override
            public int restarts() {
                return count.get();
            }
        };
    }
}
