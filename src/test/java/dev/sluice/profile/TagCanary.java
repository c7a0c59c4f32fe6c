package dev.sluice.profile;

/** A class a YAML tag names in {@link YamlSafetyTest}; initialising it records that the loader loaded it. */
final class TagCanary {

    static {
        YamlSafetyTest.CANARY_LOADED.set(true);
    }

    private TagCanary() {
    }
}
