// A search or filter field: Escape clears what was typed, and on an empty field is left to the screen (closing the details).
import type { ComponentPropsWithRef } from 'react';

export function SearchInput({
  value,
  onValue,
  ...attributes
}: Omit<ComponentPropsWithRef<'input'>, 'type' | 'value' | 'onChange' | 'onKeyDown'> & {
  value: string;
  onValue: (value: string) => void;
}) {
  return (
    <input
      type="search"
      {...attributes}
      value={value}
      onChange={(e) => onValue(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && value !== '') {
          e.preventDefault();
          onValue('');
        }
      }}
    />
  );
}
