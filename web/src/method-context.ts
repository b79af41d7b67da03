// The method config that scored (GET /api/method), for every page that explains a number.
import { createContext } from 'preact';
import type { MethodDoc } from './method-words.ts';

export const MethodContext = createContext<MethodDoc | undefined>(undefined);
