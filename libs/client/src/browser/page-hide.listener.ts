/**
 * Calls back with `true` when the page is hidden (tab switched, window minimised, navigation
 * away, mobile app backgrounded) and `false` when it is shown again. `visibilitychange` is the
 * last event mobile browsers reliably fire before killing a page; `pagehide` covers navigation in
 * desktop browsers that skip it. Does nothing outside a browser. Returns the remover.
 */
export function listenForPageHide(callback: (hidden: boolean) => void): () => void {
  const doc = (globalThis as { document?: Document }).document;
  const target = globalThis as unknown as Partial<EventTarget>;
  if (!doc || typeof doc.addEventListener !== 'function' || typeof target.addEventListener !== 'function') {
    return () => {};
  }
  const onVisibility = () => callback(doc.visibilityState === 'hidden');
  const onPageHide = () => callback(true);
  const onPageShow = () => callback(false);
  doc.addEventListener('visibilitychange', onVisibility);
  target.addEventListener('pagehide', onPageHide);
  target.addEventListener('pageshow', onPageShow);
  return () => {
    doc.removeEventListener('visibilitychange', onVisibility);
    target.removeEventListener?.('pagehide', onPageHide);
    target.removeEventListener?.('pageshow', onPageShow);
  };
}
