package io.symoe.accelerators.tokenizer;

import io.symoe.core.generation.ChatMessage;

import java.util.List;

/**
 * Renders chat messages to a prompt string. GGUF files carry a Jinja template ({@code tokenizer.chat_template});
 * rather than evaluate Jinja, the common families are recognised by their markers (as llama.cpp's
 * llm_chat_detect_template does) and rendered minimally. Without a template the messages are joined as raw text.
 */
public enum ChatTemplate {
    /** No template: contents joined by blank lines (a raw prompt stays exactly itself). */
    RAW,
    /** ChatML (Qwen, many fine-tunes): {@code <|im_start|>role\ncontent<|im_end|>\n}. */
    CHATML,
    /** Llama 2 / Mistral: {@code [INST] ... [/INST]}. */
    LLAMA2,
    /** Llama 3: {@code <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>}. */
    LLAMA3,
    /** Zephyr / OLMoE / Phi-3 style: {@code <|role|>\ncontent</s>} or {@code <|end|>}. */
    ZEPHYR;

    public static ChatTemplate detect(String jinja) {
        if (jinja == null || jinja.isBlank()) {
            return RAW;
        }
        if (jinja.contains("<|im_start|>")) {
            return CHATML;
        }
        if (jinja.contains("<|start_header_id|>")) {
            return LLAMA3;
        }
        if (jinja.contains("[INST]")) {
            return LLAMA2;
        }
        if (jinja.contains("<|user|>")) {
            return ZEPHYR;
        }
        return RAW;
    }

    /** Renders the conversation and opens the assistant turn. */
    public String render(List<ChatMessage> messages) {
        StringBuilder sb = new StringBuilder();
        switch (this) {
            case RAW -> {
                for (ChatMessage m : messages) {
                    if (!sb.isEmpty()) {
                        sb.append("\n\n");
                    }
                    sb.append(m.content());
                }
            }
            case CHATML -> {
                for (ChatMessage m : messages) {
                    sb.append("<|im_start|>").append(role(m)).append('\n').append(m.content()).append("<|im_end|>\n");
                }
                sb.append("<|im_start|>assistant\n");
            }
            case LLAMA3 -> {
                for (ChatMessage m : messages) {
                    sb.append("<|start_header_id|>").append(role(m)).append("<|end_header_id|>\n\n")
                            .append(m.content().strip()).append("<|eot_id|>");
                }
                sb.append("<|start_header_id|>assistant<|end_header_id|>\n\n");
            }
            case LLAMA2 -> {
                String system = null;
                for (ChatMessage m : messages) {
                    switch (m.role()) {
                        case SYSTEM -> system = m.content();
                        case USER -> {
                            sb.append("[INST] ");
                            if (system != null) {
                                sb.append("<<SYS>>\n").append(system).append("\n<</SYS>>\n\n");
                                system = null;
                            }
                            sb.append(m.content().strip()).append(" [/INST]");
                        }
                        case ASSISTANT -> sb.append(' ').append(m.content().strip()).append("</s>");
                    }
                }
            }
            case ZEPHYR -> {
                for (ChatMessage m : messages) {
                    sb.append("<|").append(role(m)).append("|>\n").append(m.content()).append("</s>\n");
                }
                sb.append("<|assistant|>\n");
            }
        }
        return sb.toString();
    }

    private static String role(ChatMessage m) {
        return m.role().name().toLowerCase(java.util.Locale.ROOT);
    }
}
