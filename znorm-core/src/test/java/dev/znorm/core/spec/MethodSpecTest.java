package dev.znorm.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.znorm.core.method.SkipIfNonFinite;
import dev.znorm.core.method.ZNorm;
import dev.znorm.core.optim.Adam;
import dev.znorm.core.schedule.Schedule;
import dev.znorm.core.transform.OptimizerChain;
import dev.znorm.core.transform.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Method specs as users write them, and a clear message for every kind of mistake. */
class MethodSpecTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "adam | adam",
                "znorm+adam | znorm+adam",
                "znorm:per=unit,select=all,eps=1e-8,unbiased=true+adam:lr=3e-4,wd=5e-4 | znorm-unit+adam",
                "gc+adam | gc+adam",
                "gc:conv-only=true+adamw | gc+adamw",
                "center+adam | center+adam",
                "scale+adam | scale+adam",
                "l2+sgd=0.1 | l2-normalize+sgd",
                "clip-value=0.1+adam | clip-value+adam",
                "clip-norm=1+adam | clip-norm+adam",
                "clip-global-norm=1:eps=0+adam | clip-global-norm+adam",
                "agc=0.02:exclude-head=false+adam | agc+adam",
                "zero-non-finite+znorm+sgd:lr=0.1,momentum=0.9,nesterov=true | zero-non-finite+znorm+sgd",
                "rmsprop:lr=0.01,centered=true | rmsprop",
                "adagrad:lr-decay=0.01 | adagrad",
            })
    void readsEveryMethodOfMethodMd(String spec, String chainName) {
        UpdateRule rule = MethodSpec.parse(spec);
        assertEquals(chainName, rule.name());
    }

    @Test
    void skipNonFiniteWrapsTheWholeChainAndTheScheduleIsApplied() {
        UpdateRule rule =
                MethodSpec.parse(
                        "skip-non-finite+clip-global-norm=1+znorm+adam:lr=0.5",
                        lr -> Schedule.cosine(lr, 10, 0));
        assertInstanceOf(SkipIfNonFinite.class, rule);
        assertTrue(rule.isGlobal());
        OptimizerChain hand =
                dev.znorm.core.transform.Transforms.chain(ZNorm.create(), Adam.builder().build());
        assertEquals(hand.name(), MethodSpec.parse("znorm+adam").name());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "znrom+adam | unknown method 'znrom'",
                "znorm | add an optimizer last",
                "adam+znorm | must come last",
                "znorm:epsilon=1e-8+adam | unknown option [epsilon]",
                "znorm:eps=abc+adam | eps=abc is not a number",
                "znorm:eps=-1+adam | znorm eps must be a finite number >= 0",
                "znorm:per=row+adam | per=row is not one of [tensor, unit]",
                "znorm:unbiased=yes+adam | must be true or false",
                "znorm=3+adam | takes no main value",
                "clip-norm+adam | needs a threshold",
                "clip-norm=-1+adam | clip-norm threshold must be a finite number > 0",
                "adam:lr=-0.001 | lr must be a finite number >= 0",
                "adam:beta1=1.5 | adam beta1 must be in [0, 1)",
                "adam:eps=-1e-8 | adam eps must be a finite number >= 0",
                "sgd:nesterov=true | Nesterov momentum requires momentum > 0",
                "agc:lambda=0+adam | agc lambda must be a finite number > 0",
                "znorm:eps+adam | is not key=value",
                "'' | empty method spec",
            })
    void badSpecsSayWhatIsWrong(String spec, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> MethodSpec.parse(spec));
        assertTrue(
                e.getMessage().contains(message),
                "message '" + e.getMessage() + "' should contain '" + message + "'");
    }
}
