/**
 * OpenAI's chat-completions wire format: parsing and validating requests, writing completions and SSE chunks.
 * Field names follow OpenAI's API so unmodified OpenAI clients work against symoe.
 */
package io.symoe.orchestrator.api;
