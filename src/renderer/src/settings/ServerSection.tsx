import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { knownServerError } from '../../../shared/sync/server-messages';
import type { HostApi } from '../../../shared/host';
import { serverOrigin, type ConnectionTest, type ServerConnectionInfo } from '../../../shared/sync/connection';
import { notifyConnectionChanged } from '../data/api';
import '../sync/sync.css';

type Busy = 'test' | 'connect' | 'disconnect' | null;

function outcomeKey(test: ConnectionTest): string {
  if (test.outcome !== 'ok') return `outcome.${test.outcome}`;
  return test.mode === 'extension' ? 'outcome.okExtension' : test.mode === 'strict' ? 'outcome.okStrict' : 'outcome.ok';
}

/**
 * Settings → "Server": URL, account id and API token; "Test connection" says precisely what failed;
 * "Connect" keeps the connection with the host (Electron: the token encrypted by main, never back
 * in the renderer); "Disconnect" forgets it.
 */
export function ServerSection(props: { headingId: string; host: HostApi }) {
  const { t } = useTranslation('sync');
  const { host } = props;
  const [connection, setConnection] = useState<ServerConnectionInfo | null>(null);
  const [url, setUrl] = useState('');
  const [account, setAccount] = useState('1');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState<Busy>(null);
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const urlId = useId();
  const accountId = useId();
  const tokenId = useId();
  const tokenHintId = useId();

  useEffect(() => {
    let live = true;
    void host.getServerConnection().then((result) => {
      if (!live || !result.ok || !result.value) return;
      setConnection(result.value);
      setUrl(result.value.baseUrl);
      setAccount(String(result.value.accountId));
    });
    return () => {
      live = false;
    };
  }, [host]);

  /** The form as a connection input, or the message saying what is wrong with it. */
  const input = () => {
    if (serverOrigin(url) === null) return { error: t('invalidUrl') };
    const id = Number(account.trim());
    if (!Number.isInteger(id) || id < 1) return { error: t('invalidAccount') };
    if (token.trim() === '') return { error: t('missingToken') };
    return { value: { baseUrl: url.trim(), accountId: id, token: token.trim() } };
  };

  const run = async (kind: 'test' | 'connect') => {
    const form = input();
    if ('error' in form) {
      setMessage({ text: form.error ?? '', ok: false });
      return;
    }
    setBusy(kind);
    setMessage(null);
    const result = kind === 'test' ? await host.testServerConnection(form.value) : await host.connectServer(form.value);
    setBusy(null);
    if (!result.ok) {
      // Main asked in its own dialog and the user said no (issue 17).
      const declined = result.error.code === 'not-allowed';
      setMessage({ text: declined ? t('serverConsent.declined') : t('hostError', { message: result.error.message }), ok: false });
      return;
    }
    const text = t(outcomeKey(result.value));
    // The server's fixed refusals in the user's language, not "(Invalid Access Token)" after a Spanish sentence.
    const known = knownServerError(result.value.detail);
    const detail = known ? t(`serverErrors.${known}`) : result.value.detail;
    setMessage({ text: detail && result.value.outcome !== 'ok' ? `${text} (${detail})` : text, ok: result.value.outcome === 'ok' });
    if (kind === 'connect' && result.value.outcome === 'ok') {
      const info = await host.getServerConnection();
      setConnection(info.ok ? info.value : null);
      setToken('');
      notifyConnectionChanged();
    }
  };

  const disconnect = async () => {
    setBusy('disconnect');
    await host.disconnectServer();
    setBusy(null);
    setConnection(null);
    setMessage(null);
    notifyConnectionChanged();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run('connect');
  };

  return (
    <div className="settings-section">
      <h3 id={props.headingId}>{t('section')}</h3>
      <p className="field-hint">{t('intro')}</p>
      <p className="server-state">{connection ? t('connectedTo', { url: connection.baseUrl, account: connection.accountId }) : t('notConnected')}</p>
      {connection?.sessionOnly && <p className="field-hint">{t('serverConsent.sessionOnly')}</p>}
      <form className="server-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={urlId}>{t('serverUrl')}</label>
          <input id={urlId} className="text-input" type="url" inputMode="url" autoComplete="url" placeholder={t('serverUrlPlaceholder')} value={url} onChange={(e) => setUrl(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={accountId}>{t('accountId')}</label>
          <input id={accountId} className="text-input" inputMode="numeric" value={account} onChange={(e) => setAccount(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={tokenId}>{t('token')}</label>
          <input id={tokenId} className="text-input" type="password" autoComplete="off" aria-describedby={tokenHintId} value={token} onChange={(e) => setToken(e.target.value)} />
          <p id={tokenHintId} className="field-hint">
            {connection?.hasToken ? t('tokenKept') : t('tokenHint')}
          </p>
        </div>
        <div className="server-actions">
          <button type="button" className="button" disabled={busy !== null} onClick={() => void run('test')}>
            {busy === 'test' ? t('testing') : t('test')}
          </button>
          <button type="submit" className="button primary" disabled={busy !== null}>
            {busy === 'connect' ? t('connecting') : t('connect')}
          </button>
          {connection && (
            <button type="button" className="button" disabled={busy !== null} onClick={() => void disconnect()}>
              {t('disconnect')}
            </button>
          )}
        </div>
      </form>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'server-message ok' : 'server-message error'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
