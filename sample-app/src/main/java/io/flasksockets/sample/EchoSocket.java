package io.flasksockets.sample;

import io.flasksockets.Message;
import io.flasksockets.Socket;
import io.flasksockets.SocketHandler;
import io.flasksockets.SocketRoute;

/**
 * Echoes every message, text as text and binary as binary, until the client closes.
 */
@SocketRoute("/echo")
class EchoSocket implements SocketHandler {

	@Override
	public void handle(Socket ws) {
		Message message;
		while ((message = ws.receiveMessage()) != null) {
			switch (message) {
				case Message.Text text -> ws.send(text.text());
				case Message.Binary binary -> ws.send(binary.data());
			}
		}
	}

}
