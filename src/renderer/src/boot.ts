import { startEarlyContactRead } from './data/store/early-read';

// The first thing the page runs: start reading the contacts, then load the app beside it.
const earlyContacts = startEarlyContactRead();
void import('./main').then((app) => app.start(earlyContacts));
