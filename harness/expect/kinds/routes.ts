// `routes:` the routes of the step's netns.
import { queryKind } from '../state.js';

export const routes = queryKind('routes', 'ip -j route show');
