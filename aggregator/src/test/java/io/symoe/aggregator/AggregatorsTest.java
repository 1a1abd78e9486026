package io.symoe.aggregator;

import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.aggregator.strategy.ConsensusSkippingAggregator;
import io.symoe.aggregator.strategy.LlmSynthesisAggregator;
import io.symoe.aggregator.strategy.SelfMoaSeqAggregator;
import io.symoe.aggregator.strategy.VoteAggregator;
import io.symoe.aggregator.testing.FakeGenerator;
import io.symoe.core.config.AggregationStrategy;
import io.symoe.core.config.AggregatorConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AggregatorsTest {
    final FakeGenerator gen = FakeGenerator.replying("The answer is (A).");

    static AggregatorConfig config(AggregationStrategy s, boolean skip) {
        return new AggregatorConfig(s, skip, null, null);
    }

    @Test
    void everyStrategyIsBuiltWithItsName() {
        for (AggregationStrategy s : AggregationStrategy.values()) {
            Aggregator a = Aggregators.fromConfig(config(s, false), gen);
            assertEquals(s.name().toLowerCase().replace('_', '-'), a.name());
        }
        assertInstanceOf(VoteAggregator.class, Aggregators.fromConfig(config(AggregationStrategy.MAJORITY_VOTE, false), null));
        assertInstanceOf(LlmSynthesisAggregator.class, Aggregators.fromConfig(config(AggregationStrategy.LLM_SYNTHESIS, false), gen));
        assertInstanceOf(SelfMoaSeqAggregator.class, Aggregators.fromConfig(config(AggregationStrategy.SELF_MOA_SEQ, false), gen));
    }

    @Test
    void consensusSkipWrapsOnlyTheModelCallingStrategies() {
        assertInstanceOf(ConsensusSkippingAggregator.class,
                Aggregators.fromConfig(config(AggregationStrategy.LLM_SYNTHESIS, true), gen));
        assertInstanceOf(ConsensusSkippingAggregator.class,
                Aggregators.fromConfig(config(AggregationStrategy.SELF_MOA, true), gen));
        assertInstanceOf(VoteAggregator.class, Aggregators.fromConfig(config(AggregationStrategy.WEIGHTED_VOTE, true), null));
        assertInstanceOf(VoteAggregator.class, Aggregators.fromConfig(AggregatorConfig.defaults(), null));
    }

    @Test
    void aModelCallingStrategyWithoutAGeneratorIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Aggregators.fromConfig(config(AggregationStrategy.LLM_SYNTHESIS, true), null));
        assertEquals(true, e.getMessage().contains("needs a Generator"));
    }
}
