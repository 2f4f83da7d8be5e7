/**
 * Sign-in. In AWS: one button to the user pool's managed login (code + PKCE). Locally:
 * a page labelled as local-only that asks the local server (which alone serves
 * /local/*) for a token for the chosen role and unit.
 */
import { useEffect, useState } from 'preact/hooks';
import { completeCognitoSignIn, signInWithCognito, storeSession, type AppConfig, type Role } from '../lib/auth.ts';
import { navigate, useLocation } from '../lib/router.ts';
import { ErrorBox, Loading, Notice, PageTitle } from '../lib/ui.tsx';

interface LocalUnit {
  code: string;
  name: string;
  kind: string;
}

function nextPath(query: URLSearchParams): string {
  const next = query.get('tiep');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function LocalSignIn({ next }: { next: string }) {
  const [units, setUnits] = useState<LocalUnit[]>();
  const [role, setRole] = useState<Role>('reporter');
  const [unit, setUnit] = useState('');
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<unknown>();
  const [unitError, setUnitError] = useState<string>();

  useEffect(() => {
    fetch('/local/units')
      .then((r) => (r.ok ? (r.json() as Promise<{ units: LocalUnit[] }>) : { units: [] }))
      .then(
        (b) => setUnits(b.units),
        () => setUnits([]),
      );
  }, []);

  const choices = (units ?? []).filter((u) => (role === 'reporter' ? u.kind !== 'province' : u.kind === 'province'));

  async function submit(e: Event) {
    e.preventDefault();
    const code = unit.trim().split(/\s/)[0] ?? '';
    if (!/^\d{1,10}$/.test(code)) {
      setUnitError('Nhập mã đơn vị bằng chữ số, ví dụ 870 (huyện) hoặc 87 (tỉnh).');
      return;
    }
    setUnitError(undefined);
    setBusy(true);
    setErr(undefined);
    try {
      const res = await fetch('/local/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ role, unit: code }),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok || typeof body.token !== 'string') throw new Error(body?.error?.message ?? 'Không đăng nhập được.');
      if (!storeSession(body.token)) throw new Error('Mã đăng nhập không hợp lệ.');
      navigate(next === '/' ? (role === 'reporter' ? `/don-vi/${code}` : `/tinh/${code.slice(0, 2)}`) : next);
    } catch (e2) {
      setErr(e2);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card narrow" onSubmit={submit} noValidate>
      <Notice kind="warning">
        <strong>Chế độ chạy thử trên máy (chỉ dùng khi chạy cục bộ).</strong> Trang này không có khi hệ thống chạy trên AWS; ở đó cán bộ
        đăng nhập bằng tài khoản do Sở Nội vụ cấp.
      </Notice>
      <fieldset>
        <legend>Vai trò</legend>
        <label class="radio">
          <input type="radio" name="role" value="reporter" checked={role === 'reporter'} onChange={() => setRole('reporter')} />
          Cán bộ đơn vị báo cáo (huyện, xã, sở, ngành)
        </label>
        <label class="radio">
          <input type="radio" name="role" value="province" checked={role === 'province'} onChange={() => setRole('province')} />
          Cán bộ Sở Nội vụ (theo dõi, tổng hợp)
        </label>
      </fieldset>
      <div class="field">
        <label for="unit">Mã đơn vị</label>
        <input
          id="unit"
          name="unit"
          inputMode="numeric"
          autoComplete="off"
          list="unit-list"
          value={unit}
          aria-invalid={unitError ? 'true' : undefined}
          aria-describedby={unitError ? 'unit-hint unit-error' : 'unit-hint'}
          onInput={(e) => setUnit((e.target as HTMLInputElement).value)}
        />
        <p class="hint" id="unit-hint">
          {role === 'reporter' ? 'Ví dụ: 870 (Huyện Hồng Ngự).' : 'Mã tỉnh, ví dụ: 87 (Đồng Tháp).'} Gõ để xem gợi ý.
        </p>
        {unitError && (
          <p class="error" id="unit-error">
            {unitError}
          </p>
        )}
        <datalist id="unit-list">
          {choices.map((u) => (
            <option key={u.code} value={u.code}>
              {u.name}
            </option>
          ))}
        </datalist>
      </div>
      {err !== undefined && <ErrorBox error={err} />}
      <button type="submit" class="btn btn-primary" disabled={busy}>
        {busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
      </button>
    </form>
  );
}

export function SignIn({ config }: { config: AppConfig }) {
  const { query } = useLocation();
  const next = nextPath(query);
  const [err, setErr] = useState<unknown>();
  return (
    <section>
      <PageTitle>Đăng nhập</PageTitle>
      {query.get('het-phien') && (
        <Notice kind="warning">Phiên đăng nhập đã hết. Hãy đăng nhập lại; bản nháp của bạn vẫn được giữ trên máy này.</Notice>
      )}
      {config.mode === 'local' ? (
        <LocalSignIn next={next} />
      ) : (
        <div class="card narrow">
          <p>Đăng nhập bằng tài khoản do Sở Nội vụ cấp (tên đăng nhập hoặc thư điện tử, mật khẩu và mã xác thực trên điện thoại).</p>
          {err !== undefined && <ErrorBox error={err} />}
          <button type="button" class="btn btn-primary" onClick={() => signInWithCognito(next).catch(setErr)}>
            Đăng nhập
          </button>
        </div>
      )}
    </section>
  );
}

export function SignInCallback() {
  const [err, setErr] = useState<unknown>();
  useEffect(() => {
    completeCognitoSignIn().then((to) => navigate(to, true), setErr);
  }, []);
  return (
    <section>
      <PageTitle>Đăng nhập</PageTitle>
      {err ? (
        <>
          <ErrorBox error={err} />
          <p>
            <a href="/dang-nhap">Đăng nhập lại</a>
          </p>
        </>
      ) : (
        <Loading label="Đang hoàn tất đăng nhập…" />
      )}
    </section>
  );
}
