package io.flasksockets.internal.connection;

import java.nio.ByteBuffer;

import io.flasksockets.Message;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MessageAssembler}: whole messages from parts, within the size limits.
 */
class MessageAssemblerTests {

	private final MessageAssembler assembler = new MessageAssembler(10, 8, 4);

	@Test
	void aMessageInOnePartIsTakenAsItIs() throws Exception {
		assertThat(this.assembler.add(new TextMessage("hello"))).isEqualTo(new Message.Text("hello"));
	}

	@Test
	void partsAreJoinedOnceTheLastArrives() throws Exception {
		assertThat(this.assembler.add(new TextMessage("hel", false))).isNull();
		assertThat(this.assembler.add(new TextMessage("", false))).isNull();
		assertThat(this.assembler.add(new TextMessage("lo", true))).isEqualTo(new Message.Text("hello"));
		assertThat(this.assembler.add(new TextMessage("next"))).isEqualTo(new Message.Text("next"));
	}

	@Test
	void binaryPartsAreCopiedSoThatTheContainerMayReuseItsBuffer() throws Exception {
		ByteBuffer reused = ByteBuffer.wrap(new byte[] { 1, 2 });
		assertThat(this.assembler.add(new BinaryMessage(reused, false))).isNull();
		reused.clear();
		reused.put(new byte[] { 3, 4 }).flip();
		Message message = this.assembler.add(new BinaryMessage(reused, true));
		assertThat(((Message.Binary) message).bytes()).containsExactly(1, 2, 3, 4);
	}

	@Test
	void aMessageOverItsLimitIsRefusedAndTheNextStartsAfresh() throws Exception {
		this.assembler.add(new TextMessage("123456", false));
		assertThatExceptionOfType(MessageAssembler.TooBigException.class)
			.isThrownBy(() -> this.assembler.add(new TextMessage("7890!", false)))
			.withMessage("Text message exceeds 10 characters");
		assertThat(this.assembler.add(new TextMessage("fresh"))).isEqualTo(new Message.Text("fresh"));
		assertThatExceptionOfType(MessageAssembler.TooBigException.class)
			.isThrownBy(() -> this.assembler.add(new BinaryMessage(new byte[9])));
	}

	@Test
	void aMessageInMorePartsThanAllowedIsRefusedEvenWhenThePartsAreEmpty() throws Exception {
		for (int i = 0; i < 4; i++) {
			assertThat(this.assembler.add(new TextMessage("", false))).isNull();
		}
		assertThatExceptionOfType(MessageAssembler.TooBigException.class)
			.isThrownBy(() -> this.assembler.add(new TextMessage("", false)))
			.withMessage("Message comes in more than 4 parts");
		assertThat(this.assembler.add(new BinaryMessage(new byte[] { 1 }, false))).isNull();
		assertThat(this.assembler.add(new BinaryMessage(new byte[] { 2 }, false))).isNull();
		assertThat(this.assembler.add(new BinaryMessage(new byte[] { 3 }, false))).isNull();
		assertThat(((Message.Binary) this.assembler.add(new BinaryMessage(new byte[] { 4 }, true))).bytes())
			.containsExactly(1, 2, 3, 4);
	}

	@Test
	void aMessageOfManyPartsIsJoinedInOrder() throws Exception {
		MessageAssembler assembler = new MessageAssembler(1 << 20, 1 << 20, 1000);
		StringBuilder expected = new StringBuilder();
		for (int i = 0; i < 999; i++) {
			String part = Integer.toString(i);
			expected.append(part);
			assertThat(assembler.add(new TextMessage(part, false))).isNull();
		}
		assertThat(assembler.add(new TextMessage("!", true))).isEqualTo(new Message.Text(expected + "!"));
	}

	@Test
	void controlMessagesAreNotData() throws Exception {
		assertThat(this.assembler.add(new PongMessage())).isNull();
	}

}
