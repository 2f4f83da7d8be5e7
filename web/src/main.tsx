/**
 * The app shell: header with who is signed in, a skip link, and the routes. Heavy parts
 * (the editor with the shared validation, the charts, the OIDC client) load on demand,
 * so the first page stays small.
 */
import './styles.css';
import { render, type ComponentType, type JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { currentSession, loadConfig, ROLE_LABEL, signOut, type AppConfig } from './lib/auth.ts';
import { match, navigate, onLinkClick, useLocation } from './lib/router.ts';
import { ErrorBox, Loading } from './lib/ui.tsx';
import { SignIn, SignInCallback } from './pages/SignIn.tsx';
import { UnitPeriods } from './pages/UnitPeriods.tsx';
import { Dashboard } from './pages/Dashboard.tsx';

/** Loads a page module on first use and shows a loading state meanwhile. */
function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let cached: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | undefined>(() => cached);
    const [err, setErr] = useState<unknown>();
    useEffect(() => {
      if (cached) return;
      load().then((c) => setC(() => (cached = c)), setErr);
    }, []);
    if (err)
      return (
        <ErrorBox
          error={new Error('Không tải được trang. Hãy kiểm tra kết nối mạng rồi tải lại trang.')}
          onRetry={() => location.reload()}
        />
      );
    return C ? <C {...props} /> : <Loading label="Đang mở trang…" />;
  };
}

const Editor = lazy(() => import('./editor/Editor.tsx').then((m) => m.Editor));
const History = lazy(() => import('./editor/History.tsx').then((m) => m.History));
const ReportView = lazy(() => import('./editor/ReportView.tsx').then((m) => m.ReportView));

function home(): string {
  const s = currentSession();
  if (!s) return '/dang-nhap';
  return s.role === 'reporter' ? `/don-vi/${s.unit}` : `/tinh/${s.unit.slice(0, 2)}`;
}

/** Replaces the current entry once every component has subscribed to location changes. */
function Redirect({ to }: { to: string }) {
  useEffect(() => {
    const t = setTimeout(() => navigate(to, true), 0);
    return () => clearTimeout(t);
  }, [to]);
  return <Loading />;
}

function Routes({ config }: { config: AppConfig }) {
  const { path, query } = useLocation();
  const session = currentSession();
  if (path === '/dang-nhap') return <SignIn config={config} />;
  if (path === '/dang-nhap/xong') return <SignInCallback />;
  if (!session) return <Redirect to={`/dang-nhap?tiep=${encodeURIComponent(path + location.search)}`} />;
  if (path === '/' || path === '') return <Redirect to={home()} />;
  const pages: [string, (m: Record<string, string>) => JSX.Element][] = [
    ['/don-vi/:unit', (m) => <UnitPeriods unit={m.unit!} year={query.get('nam')} />],
    ['/don-vi/:unit/:period', (m) => <Editor key={`${m.unit}/${m.period}`} unit={m.unit!} period={m.period!} />],
    ['/don-vi/:unit/:period/lich-su', (m) => <History unit={m.unit!} period={m.period!} />],
    ['/tinh/:province', (m) => <Dashboard province={m.province!} period={query.get('ky')} />],
    ['/tinh/:province/:period/:unit', (m) => <ReportView province={m.province!} unit={m.unit!} period={m.period!} />],
  ];
  for (const [pattern, page] of pages) {
    const m = match(pattern, path);
    if (m) return page(m);
  }
  return (
    <section>
      <h1>Không tìm thấy trang</h1>
      <p>
        Địa chỉ này không có trong ứng dụng. <a href="/">Về trang chính</a>.
      </p>
    </section>
  );
}

function Header() {
  useLocation();
  const s = currentSession();
  return (
    <header class="topbar">
      <a class="skip" href="#noi-dung">
        Bỏ qua, đến nội dung chính
      </a>
      <div class="topbar-inner">
        <a class="brand" href="/">
          Báo cáo cải cách hành chính
        </a>
        {s && (
          <div class="who">
            <span>
              {ROLE_LABEL[s.role]} · đơn vị {s.unit}
              {s.name ? ` · ${s.name}` : ''}
            </span>
            <button type="button" class="btn btn-small" onClick={() => void signOut()}>
              Đăng xuất
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

function App() {
  const [config, setConfig] = useState<AppConfig>();
  const [err, setErr] = useState<unknown>();
  const load = () => {
    setErr(undefined);
    loadConfig().then(setConfig, setErr);
  };
  useEffect(load, []);
  // In-app links navigate without a page load: one listener for the whole document.
  useEffect(() => {
    document.addEventListener('click', onLinkClick);
    return () => document.removeEventListener('click', onLinkClick);
  }, []);
  return (
    <div>
      <Header />
      <main id="noi-dung" tabIndex={-1}>
        {err ? <ErrorBox error={err} onRetry={load} /> : config ? <Routes config={config} /> : <Loading />}
      </main>
    </div>
  );
}

const root = document.getElementById('app')!;
root.textContent = '';
render(<App />, root);
