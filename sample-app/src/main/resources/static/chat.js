// Flask-Sockets chat: log in, join a room over a WebSocket, reconnect when the server restarts or the network drops,
// and get what was sent meanwhile: the page remembers the id of the last message it saw and rejoins with it.
'use strict';

const $ = (id) => document.getElementById(id);

const MIN_RETRY_MS = 500;
const MAX_RETRY_MS = 10000;
const state = {
	user: null,
	room: null,
	socket: null,
	retryMs: MIN_RETRY_MS,
	retryTimer: null,
	// The id of the last message seen in each room, for the rejoin
	lastIds: {},
};

// --- HTTP: CSRF cookie and form posts ---

function cookie(name) {
	const entry = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
	return entry ? decodeURIComponent(entry.slice(name.length + 1)) : null;
}

// Any GET makes Spring Security set the XSRF-TOKEN cookie.
function refreshCsrf() {
	return fetch('/rooms/lobby', { credentials: 'same-origin' });
}

// Posts a form with the current CSRF token (read right before sending: it rotates at login and logout);
// on 403 fetches a fresh token and tries once more.
async function post(path, form = {}) {
	if (!cookie('XSRF-TOKEN')) {
		await refreshCsrf();
	}
	const send = () => fetch(path, {
		method: 'POST',
		credentials: 'same-origin',
		headers: { 'X-XSRF-TOKEN': cookie('XSRF-TOKEN') || '' },
		body: new URLSearchParams(form),
	});
	const response = await send();
	if (response.status !== 403) {
		return response;
	}
	await refreshCsrf();
	return send();
}

// --- Login and logout ---

function showError(text) {
	$('login-error').textContent = text;
	$('login-error').hidden = !text;
}

function showChat(loggedIn) {
	$('login-form').hidden = loggedIn;
	$('chat').hidden = !loggedIn;
	$('session').hidden = !loggedIn;
	$('current-user').textContent = loggedIn ? state.user : '';
}

async function login(event) {
	event.preventDefault();
	const username = $('username').value.trim();
	showError('');
	$('login-button').disabled = true;
	try {
		const response = await post('/auth/login', { username, password: $('password').value });
		if (response.ok) {
			state.user = username;
			$('password').value = '';
			showChat(true);
			join($('room').value);
			$('message-input').focus();
		}
		else {
			showError(response.status === 401 ? 'Wrong name or password' : `Login failed (${response.status})`);
		}
	}
	catch {
		showError('Server unreachable, try again');
	}
	finally {
		$('login-button').disabled = false;
	}
}

async function logout() {
	leave();
	$('logout-button').disabled = true;
	let failed = false;
	try {
		failed = !(await post('/auth/logout')).ok;
	}
	catch {
		failed = true;
	}
	$('logout-button').disabled = false;
	state.user = null;
	showChat(false);
	showError(failed ? 'Could not reach the server to log out' : '');
	$('username').focus();
}

// --- Rooms and the socket ---

function setStatus(dataState, text) {
	$('status').dataset.state = dataState;
	$('status').textContent = text;
	$('send-button').disabled = dataState !== 'open';
}

function socketUrl(room) {
	return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat/' + encodeURIComponent(room)
		+ '?since=' + encodeURIComponent(state.lastIds[room] || '');
}

// Closes the current socket, if any, without reconnecting: its handlers ignore it once it is no longer current.
function leave() {
	clearTimeout(state.retryTimer);
	const socket = state.socket;
	state.socket = null;
	state.room = null;
	if (socket) {
		socket.close(1000);
	}
	$('messages').replaceChildren();
	$('member-count').textContent = '0';
	$('member-names').textContent = '';
	setStatus('closed', 'Not connected');
}

function join(name) {
	const room = name.trim();
	if (!room) {
		$('room').focus();
		return;
	}
	leave();
	state.room = room;
	delete state.lastIds[room];
	state.retryMs = MIN_RETRY_MS;
	setStatus('connecting', 'Connecting…');
	connect();
}

function connect() {
	const socket = new WebSocket(socketUrl(state.room));
	state.socket = socket;
	let opened = false;
	socket.onopen = () => {
		if (state.socket !== socket) return;
		opened = true;
		state.retryMs = MIN_RETRY_MS;
		setStatus('open', `Connected to #${state.room}`);
	};
	socket.onmessage = (event) => {
		if (state.socket !== socket) return;
		received(String(event.data));
	};
	socket.onclose = (event) => {
		if (state.socket !== socket) return;
		state.socket = null;
		closed(event, opened);
	};
}

// Tells why the socket closed, and reconnects when the server went away rather than sent us away.
function closed({ code, reason }, opened) {
	if (code === 1006 && !opened && $('status').dataset.state === 'reconnecting') {
		// Another failed attempt while waiting for the server: keep the message that says why.
		reconnect();
	}
	else if (code === 1008) {
		// The HTTP session ended (the reason says so in the server's words, which differ between servers)
		setStatus('ended', 'Your session ended: you were logged out');
	}
	else if (code === 1001 && reason === 'Server shutting down') {
		setStatus('reconnecting', 'Server restarting, reconnecting…');
		reconnect();
	}
	else if (code === 1001) {
		setStatus('reconnecting', `Disconnected (${reason || 'going away'}), reconnecting…`);
		reconnect();
	}
	else if (code === 1006) {
		setStatus('reconnecting', 'Connection lost, reconnecting…');
		reconnect();
	}
	else if (code === 1000) {
		setStatus('closed', 'Disconnected');
	}
	else {
		setStatus('closed', `Closed (${code}): ${reason}`);
	}
}

// Exponential backoff: 0.5 s, 1 s, 2 s … up to 10 s; reset by a successful open.
function reconnect() {
	state.retryTimer = setTimeout(connect, state.retryMs);
	state.retryMs = Math.min(state.retryMs * 2, MAX_RETRY_MS);
}

// --- What the server sends ---

// A room message {id, text}, a presence change {presence, member, count, members}, what a rejoin sent again
// {replay: {replayed, complete, lastId}}, or plain text (a message the server could not deliver).
function received(data) {
	let message;
	try {
		message = JSON.parse(data);
	}
	catch {
		addNotice(data);
		return;
	}
	if (message.id !== undefined) {
		state.lastIds[state.room] = message.id;
		addMessage(message.text);
	}
	else if (message.presence !== undefined) {
		showMembers(message.count, message.members);
	}
	else if (message.replay !== undefined) {
		// A page that has seen no message yet comes back with the room's last id when it joined
		state.lastIds[state.room] = state.lastIds[state.room] || message.replay.lastId;
		if (!message.replay.complete) {
			addNotice('You missed some messages while you were away.');
		}
	}
}

function showMembers(count, names) {
	$('member-count').textContent = String(count);
	$('member-names').textContent = names && names.length ? ': ' + names.join(', ') : '';
}

// --- Messages ---

// Shows "<name>: <text>" with the name in bold; text only, never parsed as HTML.
function addMessage(data) {
	const item = document.createElement('li');
	item.className = 'message';
	const separator = data.indexOf(': ');
	if (separator > 0) {
		const author = document.createElement('span');
		author.className = 'message-author';
		author.textContent = data.slice(0, separator);
		item.classList.toggle('mine', author.textContent === state.user);
		item.append(author, ': ' + data.slice(separator + 2));
	}
	else {
		item.textContent = data;
	}
	const list = $('messages');
	list.append(item);
	list.scrollTop = list.scrollHeight;
}

// Shows a line from the server itself, as text.
function addNotice(text) {
	const item = document.createElement('li');
	item.className = 'message notice';
	item.textContent = text;
	const list = $('messages');
	list.append(item);
	list.scrollTop = list.scrollHeight;
}

function send(event) {
	event.preventDefault();
	const input = $('message-input');
	const socket = state.socket;
	if (!input.value.trim() || !socket || socket.readyState !== WebSocket.OPEN) {
		return;
	}
	socket.send(input.value);
	input.value = '';
	input.focus();
}

// --- Wiring ---

$('login-form').addEventListener('submit', login);
$('logout-button').addEventListener('click', logout);
$('send-form').addEventListener('submit', send);
$('room-form').addEventListener('submit', (event) => {
	event.preventDefault();
	join($('room').value);
});
document.querySelectorAll('[data-room]').forEach((button) => button.addEventListener('click', () => {
	$('room').value = button.dataset.room;
	join(button.dataset.room);
}));
