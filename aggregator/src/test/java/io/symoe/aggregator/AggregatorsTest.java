package io.symoe.aggregator;

import io.symoe.aggregator.learned.ExpertVote;
import io.symoe.aggregator.learned.StackingModelFile;
import io.symoe.aggregator.learned.StackingTrainer;
import io.symoe.aggregator.learned.TrainingQuestion;
import io.symoe.aggregator.strategy.Aggregator;
import io.symoe.aggregator.strategy.LearnedAggregator;
import io.symoe.aggregator.strategy.ConsensusSkippingAggregator;
import io.symoe.aggregator.strategy.LlmSynthesisAggregator;
import io.symoe.aggregator.strategy.SelfMoaSeqAggregator;
import io.symoe.aggregator.strategy.VoteAggregator;
import io.symoe.aggregator.testing.FakeGenerator;
import io.symoe.core.config.AggregationStrategy;
import io.symoe.core.config.AggregatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AggregatorsTest {
    final FakeGenerator gen = FakeGenerator.replying("The answer is (A).");

    static AggregatorConfig config(AggregationStrategy s, boolean skip) {
        return new AggregatorConfig(s, skip, null, null);
    }

    @Test
    void everyStrategyIsBuiltWithItsName() {
        for (AggregationStrategy s : AggregationStrategy.values()) {
            if (s == AggregationStrategy.LEARNED) {
                continue; // needs a trained model file: learnedIsBuiltFromItsModelFile
            }
            Aggregator a = Aggregators.fromConfig(config(s, false), gen);
            assertEquals(s.name().toLowerCase().replace('_', '-'), a.name());
        }
        assertInstanceOf(VoteAggregator.class, Aggregators.fromConfig(config(AggregationStrategy.MAJORITY_VOTE, false), null));
        assertInstanceOf(LlmSynthesisAggregator.class, Aggregators.fromConfig(config(AggregationStrategy.LLM_SYNTHESIS, false), gen));
        assertInstanceOf(SelfMoaSeqAggregator.class, Aggregators.fromConfig(config(AggregationStrategy.SELF_MOA_SEQ, false), gen));
    }

    @Test
    void learnedIsBuiltFromItsModelFile(@TempDir Path dir) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Aggregators.fromConfig(config(AggregationStrategy.LEARNED, false), null));
        assertTrue(e.getMessage().contains("aggregator.model-file"), e.getMessage());
        List<TrainingQuestion> qs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String gold = i % 2 == 0 ? "A" : "B";
            qs.add(new TrainingQuestion(List.of(new ExpertVote("m1", 1, Optional.of(gold), ""),
                    new ExpertVote("m2", 1, Optional.of(i % 3 == 0 ? gold : "C"), "")), 4, gold));
        }
        Path file = dir.resolve(StackingModelFile.FILE_NAME);
        StackingModelFile.write(StackingTrainer.train(qs, Set.of("m1", "m2"), 1), file);
        Aggregator a = Aggregators.fromConfig(config(AggregationStrategy.LEARNED, true).withModelFile(file.toString()),
                null);
        assertInstanceOf(LearnedAggregator.class, a, "a learned model makes no call, so consensus skip never wraps it");
        assertEquals("learned", a.name());
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
