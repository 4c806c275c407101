import { useCallback, useEffect, useState } from 'react';
import { locate } from '../../location/locate.ts';
import type { Position } from '../task-order.ts';

/**
 * Where the field person stands, for ordering tasks by distance. A vague or old fix is still
 * good enough to tell near from far, unlike for filing a report.
 */
export function usePosition(): { position: Position | undefined; refresh(): void } {
  const [position, setPosition] = useState<Position>();
  const refresh = useCallback(() => {
    void locate().then((fix) => {
      if (fix.ok) setPosition({ lat: fix.point.lat, lng: fix.point.lng });
      else if ('fix' in fix) setPosition({ lat: fix.fix.lat, lng: fix.fix.lng });
    });
  }, []);
  useEffect(refresh, [refresh]);
  return { position, refresh };
}
