package io.symoe.skillrouter.skills;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeywordParserTest {
    @Test
    void parsesAfterTheLastMarkerTrimsLowercasesAndDeletesDots() {
        assertEquals(List.of("organic chemistry", "stoichiometry", "acid-base"),
                KeywordParser.parseSample("Keywords: ignore me\nSure. Keywords:  Organic Chemistry., Stoichiometry , A.cid-base"));
    }

    @Test
    void dropsKeywordsLongerThanTwentyCharacters() {
        // "thermodynamics of gases" is 23 characters; "abcdefghijklmnopqrst" is exactly 20 and stays
        assertEquals(List.of("physics", "abcdefghijklmnopqrst"),
                KeywordParser.parseSample("Keywords: physics, thermodynamics of gases, abcdefghijklmnopqrst"));
        // the length counts after '.' removal: 21 characters with two dots become 19
        assertEquals(List.of("abcdefghijklmnopqrs"), KeywordParser.parseSample("Keywords: a.bcdefghijklmnopqrs."));
    }

    @Test
    void sampleWithoutMarkerGivesNothing() {
        assertEquals(List.of(), KeywordParser.parseSample("physics, law"));
        assertEquals(List.of(), KeywordParser.parseSample(null));
    }

    @Test
    void keepsOnlyKeywordsSeenAtLeastTwiceDedupedInFirstSeenOrder() {
        List<String> samples = List.of(
                "Keywords: law, Physics, ethics",
                "Keywords: physics., chemistry",
                "Keywords: chemistry, law",
                "Keywords: biology",
                "no keywords here");
        // law ×2, physics ×2, chemistry ×2, ethics ×1, biology ×1; order of first sight: law, physics, chemistry
        assertEquals(List.of("law", "physics", "chemistry"), KeywordParser.consensus(samples));
    }
}
