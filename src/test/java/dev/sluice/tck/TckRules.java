package dev.sluice.tck;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.TestAbortedException;
import org.reactivestreams.tck.PublisherVerification;
import org.reactivestreams.tck.flow.support.PublisherVerificationRules;
import org.testng.SkipException;

/**
 * Runs the Reactive Streams TCK (written for TestNG) from JUnit: each rule of a verification becomes a
 * dynamic test, run after the verification's own set-up, as TestNG would run it. A rule the TCK skips
 * (an optional rule the publisher does not claim) is reported as aborted, not passed.
 */
public final class TckRules {

    private TckRules() {
    }

    public static Stream<DynamicTest> of(PublisherVerification<?> verification) {
        return Arrays.stream(PublisherVerificationRules.class.getMethods())
                .sorted(Comparator.comparing(Method::getName))
                .map(rule -> DynamicTest.dynamicTest(rule.getName(), () -> {
                    verification.setUp();
                    try {
                        rule.invoke(verification);
                    } catch (InvocationTargetException e) {
                        if (e.getCause() instanceof SkipException skip) {
                            throw new TestAbortedException(skip.getMessage());
                        }
                        throw e.getCause();
                    }
                }));
    }
}
