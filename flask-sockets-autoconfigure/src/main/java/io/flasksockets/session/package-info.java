/**
 * Live views of the HTTP session a socket's handshake carried, over the servlet container or Spring Session.
 */
@NullMarked
package io.flasksockets.session;

import org.jspecify.annotations.NullMarked;
