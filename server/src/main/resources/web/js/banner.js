const TEXT = {
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  offline: 'You are offline. Messages will be sent when you are back.',
  signed_out: 'Signed out.',
};

/** The connection banner: hidden while live; the transport in use is on `data-transport`. */
export function showConnection(banner, { status, transport }) {
  document.body.dataset.connection = status;
  document.body.dataset.transport = transport ?? '';
  banner.hidden = status === 'live' || status === 'closed' || status === 'idle';
  banner.textContent = TEXT[status] ?? '';
  banner.className = `banner banner-${status}`;
}
