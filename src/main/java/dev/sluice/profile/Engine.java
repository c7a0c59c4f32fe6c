package dev.sluice.profile;

/**
 * The reactive library a profile's stages are assembled on. The stages' logic, the source, the load
 * models and the sink are the same under both; only the operators and schedulers between them differ.
 */
public enum Engine {
    /** Project Reactor: {@code Flux}, with sluice's own executors as Reactor schedulers. */
    REACTOR("reactor"),
    /** RxJava 3: {@code Flowable}, with RxJava's schedulers ({@code single}, {@code computation}, {@code io}, {@code from(executor)}). */
    RXJAVA("rxjava");

    private final String label;

    Engine(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
