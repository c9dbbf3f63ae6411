// A screen's passing notice (read out politely) and its error (read out at once), in one place on every screen.
export function ScreenNotices({ notice, error }: { notice: string; error: string | null }) {
  return (
    <>
      <p className="notice" role="status">
        {notice}
      </p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
