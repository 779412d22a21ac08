import { randomUUID } from 'node:crypto';
import type { NewUserRow } from '../../src/store/schema.js';
import { searchTextOf } from '../../src/store/users.js';

/* Names from many places, so that searches and sorts see realistic spread, common prefixes and accents. */
const GIVEN_NAMES = [
  'James',
  'Mary',
  'John',
  'Patricia',
  'Robert',
  'Jennifer',
  'Michael',
  'Linda',
  'William',
  'Elizabeth',
  'David',
  'Barbara',
  'Richard',
  'Susan',
  'Joseph',
  'Jessica',
  'Thomas',
  'Sarah',
  'Charles',
  'Karen',
  'Daniel',
  'Nancy',
  'Matthew',
  'Lisa',
  'Anthony',
  'Betty',
  'Mark',
  'Sandra',
  'Paul',
  'Ashley',
  'Hiroshi',
  'Yuki',
  'Haruto',
  'Sakura',
  'Kenji',
  'Aiko',
  'Wei',
  'Mei',
  'Jun',
  'Li',
  'Min-jun',
  'Seo-yeon',
  'Arjun',
  'Priya',
  'Rahul',
  'Ananya',
  'Vikram',
  'Deepika',
  'Mohammed',
  'Fatima',
  'Omar',
  'Aisha',
  'Ahmed',
  'Layla',
  'Yusuf',
  'Zainab',
  'Lukas',
  'Anna',
  'Felix',
  'Lena',
  'Jonas',
  'Sophie',
  'Élodie',
  'Léa',
  'Hugo',
  'Chloé',
  'Mateo',
  'Lucía',
  'Santiago',
  'Valentina',
  'João',
  'Beatriz',
  'Giulia',
  'Lorenzo',
  'Francesca',
  'Matteo',
  'Olga',
  'Dmitri',
  'Katarzyna',
  'Piotr',
  'Agnieszka',
  'Tomasz',
  'Søren',
  'Ingrid',
  'Lars',
  'Astrid',
  'Björn',
  'Freya',
  'Chidi',
  'Amara',
  'Kwame',
  'Ngozi',
  'Tendai',
  'Nia',
  'Kofi',
  'Zara',
  'Noah',
  'Emma',
  'Liam',
  'Olivia',
  'Ethan',
  'Ava',
];

const FAMILY_NAMES = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Sato',
  'Suzuki',
  'Takahashi',
  'Tanaka',
  'Watanabe',
  'Ito',
  'Yamamoto',
  'Nakamura',
  'Kobayashi',
  'Kato',
  'Wang',
  'Zhang',
  'Chen',
  'Liu',
  'Huang',
  'Zhao',
  'Wu',
  'Zhou',
  'Kim',
  'Park',
  'Choi',
  'Jung',
  'Patel',
  'Sharma',
  'Singh',
  'Kumar',
  'Gupta',
  'Reddy',
  'Iyer',
  'Nair',
  'Khan',
  'Hussain',
  'Rahman',
  'Haddad',
  'Nasser',
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Wagner',
  'Becker',
  'Hoffmann',
  'Dubois',
  'Lefèvre',
  'Moreau',
  'Fournier',
  'Girard',
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Pereira',
  'Ivanov',
  'Smirnov',
  'Kuznetsov',
  'Popov',
  'Kowalczyk',
  'Nowak',
  'Wiśniewski',
  'Wójcik',
  'Lindqvist',
  'Johansson',
  'Nielsen',
  'Hansen',
  'Eriksson',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Okonkwo',
  'Mwangi',
  'Abara',
  'Van der Berg',
  'De Vries',
  'Jansen',
  'Bakker',
  "O'Brien",
  'Murphy',
  'Kelly',
  'Byrne',
];

const MAIL_DOMAINS = ['example.com', 'corp.example.com', 'mail.example.net', 'eu.example.org'];
const DAY_MS = 86_400_000;

/** mulberry32: a tiny seeded generator, so every run seeds the same users. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Zipf-like weights: a few family names are very common, most are rare, as in a real directory. */
function zipfPicker(count: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let rank = 1; rank <= count; rank++) cumulative.push((total += 1 / rank));
  return () => {
    const target = random() * total;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] ?? 0) < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

function asciiFold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/ø/g, 'o')
    .replace(/[^A-Za-z0-9-]/g, '')
    .toLowerCase();
}

/** The search terms the bench uses, with their exact number of matching rows. */
export interface SearchFacts {
  /** A search term that matches a few hundred of the rows, and exactly how many. */
  search: { q: string; matches: number };
  /** The family name that matches the most rows, and how many. */
  commonSearch: { q: string; matches: number };
}

export interface SeededUsers extends SearchFacts {
  rows: NewUserRow[];
}

/**
 * About 1 % of users locked out now and 1 % whose lock has expired, chosen by their number so that the random
 * sequence of the other fields stays as it was.
 */
function lockOf(n: number, now: number): Pick<NewUserRow, 'failed_login_count' | 'locked_until'> {
  if (n % 97 === 0) return { failed_login_count: 10, locked_until: now + (1 + (n % 30)) * 60_000 };
  if (n % 89 === 0) return { failed_login_count: 10, locked_until: now - (1 + (n % 30)) * DAY_MS };
  return { failed_login_count: 0, locked_until: 0 };
}

/** The candidate search terms: every family name of 4 characters or more, folded as login IDs fold it. */
const SEARCH_CANDIDATES = FAMILY_NAMES.map(asciiFold).filter((q) => q.length >= 4);

/**
 * `count` varied users for one tenant, generated and handed over `chunkSize` rows at a time, so that a million
 * users never sit in memory at once: mixed login ID styles (email or short name), Zipf-distributed family names,
 * three years of creation dates, a quarter who never signed in, a few disabled, a few locked out. The sequence is
 * the same whatever the chunk size (one seeded generator runs through all rows), and each chunk's rows are counted
 * against the candidate search terms before it is handed over, so the search facts are exact. Every row reuses
 * `passwordHash`: hashing a million passwords with production argon2 would take many hours.
 */
export function* generateUserChunks(
  count: number,
  tenantId: string,
  passwordHash: string,
  now: number,
  chunkSize = 10_000,
  seed = 20240601,
): Generator<NewUserRow[], SearchFacts, undefined> {
  const random = seededRandom(seed);
  const pickFamily = zipfPicker(FAMILY_NAMES.length, random);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const matches = new Array<number>(SEARCH_CANDIDATES.length).fill(0);
  let rows: NewUserRow[] = [];
  for (let n = 0; n < count; n++) {
    const given = pick(GIVEN_NAMES);
    const family = FAMILY_NAMES[pickFamily()] as string;
    const email = `${asciiFold(given)}.${asciiFold(family)}${n}@${pick(MAIL_DOMAINS)}`;
    const loginId = random() < 0.7 ? email : `${asciiFold(given).slice(0, 1)}${asciiFold(family)}${n}`;
    const createdAt = now - Math.floor(random() * 3 * 365 * DAY_MS);
    const neverSignedIn = random() < 0.25;
    const named = {
      login_id: loginId,
      display_name: random() < 0.8 ? `${given} ${family}` : `${family}, ${given}`,
      family_name: family,
      given_name: given,
      email: random() < 0.95 ? email : '',
    };
    const searchText = searchTextOf(named);
    for (let c = 0; c < SEARCH_CANDIDATES.length; c++)
      if (searchText.includes(SEARCH_CANDIDATES[c] as string)) matches[c] = (matches[c] ?? 0) + 1;
    rows.push({
      id: randomUUID(),
      tenant_id: tenantId,
      ...named,
      login_id_lower: loginId.toLowerCase(),
      search_text: searchText,
      status: random() < 0.97 ? 'enabled' : 'disabled',
      role: random() < 0.995 ? 'none' : pick(['user-admin', 'read-only-admin', 'global-admin']),
      password_hash: passwordHash,
      ...lockOf(n, now),
      last_login_at: neverSignedIn ? 0 : createdAt + Math.floor(random() * (now - createdAt)),
      created_at: createdAt,
      updated_at: createdAt,
    });
    if (rows.length === chunkSize) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
  return chooseSearches(matches);
}

/** All `count` users in one array (for small counts), with the search facts. */
export function generateUsers(
  count: number,
  tenantId: string,
  passwordHash: string,
  now: number,
  seed = 20240601,
): SeededUsers {
  const chunks = generateUserChunks(count, tenantId, passwordHash, now, count || 1, seed);
  const rows: NewUserRow[] = [];
  for (;;) {
    const next = chunks.next();
    if (next.done) return { rows, ...next.value };
    rows.push(...next.value);
  }
}

/**
 * The family names whose substring matches closest to 300 rows, and the most rows, from the exact counts of
 * every candidate.
 */
function chooseSearches(matchesOf: readonly number[]): SearchFacts {
  let search = { q: '', matches: 0 };
  let commonSearch = { q: '', matches: 0 };
  SEARCH_CANDIDATES.forEach((q, c) => {
    const matches = matchesOf[c] ?? 0;
    if (search.q === '' || Math.abs(matches - 300) < Math.abs(search.matches - 300)) search = { q, matches };
    if (matches > commonSearch.matches) commonSearch = { q, matches };
  });
  return { search, commonSearch };
}
