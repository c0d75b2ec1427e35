/**
 * What the opened link could not use — each key with the reason, rendered as text — in a dismissible
 * notice; and the "Copy link" button.
 */
import { copyLink, dismissLinkNotice, useLinkState, type CopyState } from '../link';

export function LinkNotice() {
  const ignored = useLinkState((s) => s.ignored);
  if (!ignored.length) return null;
  return (
    <div className="status link-notice" role="status" data-testid="link-notice">
      <span>
        The link was opened; {ignored.length === 1 ? 'one setting was' : `${ignored.length} settings were`} ignored or changed:
      </span>
      <ul data-testid="link-ignored">
        {ignored.map((issue, k) => (
          <li key={k}><code>{issue.key}</code>: {issue.reason}</li>
        ))}
      </ul>
      <button type="button" className="icon" data-testid="link-notice-dismiss" aria-label="Dismiss the link notice" onClick={dismissLinkNotice}>✕</button>
    </div>
  );
}

const COPY_TEXT: Record<CopyState, string> = {
  idle: '🔗 Copy link',
  copied: '✓ Link copied',
  failed: 'No clipboard: copy the address bar',
  'too long': 'Too long for a link (data)',
};

export function CopyLinkButton() {
  const copy = useLinkState((s) => s.copy);
  return (
    <button type="button" data-testid="copy-link" title="Copy a link that reopens this experiment" onClick={() => void copyLink()}>
      {COPY_TEXT[copy]}
    </button>
  );
}
