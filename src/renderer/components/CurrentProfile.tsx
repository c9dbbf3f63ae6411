// The profile in use, always in the sidebar, so an adviser never works in the wrong client's library; a click opens Profiles.
import { useEffect, useState } from 'react';
import { invoke } from '../api';
import { plain } from '../text';

export function CurrentProfile({ version, onOpen }: { version: number; onOpen: () => void }) {
  const [name, setName] = useState<string | null>(null);
  const [available, setAvailable] = useState(true);

  useEffect(() => {
    let live = true;
    invoke('profile.list', {})
      .then((list) => {
        if (!live) return;
        const active = list.profiles.find((p) => p.active);
        setName(active && !active.isDefault ? active.name : 'Default');
        setAvailable(true);
      })
      .catch(() => {
        // A window started on one library folder (no profiles): there is nothing to show.
        if (live) setAvailable(false);
      });
    return () => {
      live = false;
    };
  }, [version]);

  if (!available || name === null) return null;
  return (
    <section className="current-profile-nav" aria-label="Profile in use">
      <button type="button" className="profile-chip" onClick={onOpen}>
        <span className="profile-chip-label">Profile</span>
        <span className="profile-chip-name clip" dir="auto">
          {plain(name, 100)}
        </span>
      </button>
    </section>
  );
}
