// A credential's badge image, read from the library as a data: URL: the page never loads a remote image.
import { useEffect, useState } from 'react';
import { invoke } from '../api';

/** Types an <img> shows without running anything (an SVG in <img> cannot script or fetch). */
const SHOWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml']);
const cache = new Map<number, string | null>();
const CACHE_LIMIT = 300;

function remember(id: number, url: string | null): void {
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(id, url);
}

/** Two letters standing in for a missing image, taken from the title. */
function initials(title: string): string {
  const letters = title
    .split(/\s+/)
    .map((w) => /[\p{L}\p{N}]/u.exec(w)?.[0] ?? '')
    .filter((c) => c !== '')
    .slice(0, 2);
  return letters.join('').toUpperCase() || '·';
}

export function BadgeImage({
  id,
  hasImage,
  title,
  size,
}: {
  id: number;
  hasImage: boolean;
  title: string;
  size: 'small' | 'medium' | 'large';
}) {
  const [url, setUrl] = useState<string | null>(() => cache.get(id) ?? null);

  useEffect(() => {
    if (!hasImage) return;
    const known = cache.get(id);
    if (known !== undefined) {
      setUrl(known);
      return;
    }
    let live = true;
    invoke('library.image', { id })
      .then((blob) => {
        const dataUrl =
          blob && SHOWABLE.has(blob.mediaType)
            ? `data:${blob.mediaType};base64,${blob.base64}`
            : null;
        remember(id, dataUrl);
        if (live) setUrl(dataUrl);
      })
      .catch(() => {
        if (live) setUrl(null);
      });
    return () => {
      live = false;
    };
  }, [id, hasImage]);

  if (hasImage && url) {
    return <img className={`badge-image badge-${size}`} src={url} alt="" draggable={false} />;
  }
  return (
    <div className={`badge-image badge-${size} badge-placeholder`} aria-hidden="true">
      {initials(title)}
    </div>
  );
}
