-- How far each member's devices have received the chat: moves forward only, drives message_delivered.
ALTER TABLE chat_members ADD COLUMN delivered_seq BIGINT NOT NULL DEFAULT 0;
