import { Link } from 'react-router';

export function NotFound({
  title = 'Page not found',
  message = 'There is no page at this address. It may have been moved, or the link is mistyped.',
}: {
  title?: string;
  message?: string;
}) {
  return (
    <div className="mx-auto mt-16 max-w-xl px-6 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">{message}</p>
      <Link
        to="/"
        className="mt-6 inline-block rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
      >
        Back to the console
      </Link>
    </div>
  );
}
