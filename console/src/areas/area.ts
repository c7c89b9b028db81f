import type { ReactNode } from 'react';
import type { Me } from '../auth';
import type { MessageKey } from '../messages';

export interface NavItem {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  show: (me: Me) => boolean;
}

export interface AreaRoute {
  path: string;
  /** The page for this user, or null to send them home (the API would refuse them anyway). */
  element: (me: Me) => ReactNode | null;
}

/** A group of pages that drops into the shell: menu entries (in order) and routes. */
export interface Area {
  nav: NavItem[];
  routes: AreaRoute[];
}
