import type { NamePool } from './words';

/**
 * Where the demo contacts live: each country's weight, name pool, cities, company suffixes, email
 * domains, and a phone numbering plan that maps positions to valid E.164 numbers injectively.
 */

export interface CountryProfile {
  code: string;
  name: string;
  weight: number;
  namePool: NamePool;
  cities: readonly string[];
  companySuffixes: readonly string[];
  emailDomains: readonly string[];
  /** How many distinct national numbers {@link phoneAt} can produce. */
  phoneSpace: number;
  /** The E.164 number for a position in [0, phoneSpace); injective. */
  phoneAt: (position: number) => string;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A number in [0, prefixes.length × 10^digits) as one of the prefixes followed by `digits` digits. */
function prefixed(prefixes: readonly string[], digits: number): (position: number) => string {
  const block = 10 ** digits;
  return (position) => prefixes[Math.floor(position / block)] + pad(position % block, digits);
}

/** NANP exchange codes: 200–999 without N11 (service codes) and 555 (fictional/directory). */
const NANP_EXCHANGES: readonly number[] = Array.from({ length: 800 }, (_, i) => 200 + i).filter(
  (exchange) => exchange % 100 !== 11 && exchange !== 555,
);

const US_AREA_CODES = ['212', '415', '312', '617', '206', '512', '305', '303', '713', '404'] as const;
const CA_AREA_CODES = ['416', '604', '514', '403', '613'] as const;

function nanp(areaCodes: readonly string[]): (position: number) => string {
  const perArea = NANP_EXCHANGES.length * 10_000;
  return (position) => {
    const area = areaCodes[Math.floor(position / perArea)];
    const rest = position % perArea;
    return `+1${area}${NANP_EXCHANGES[Math.floor(rest / 10_000)]}${pad(rest % 10_000, 4)}`;
  };
}

const SPAIN_MOBILE_PREFIXES = [
  ...Array.from({ length: 10 }, (_, i) => `+346${i}`),
  '+3471',
  '+3472',
  '+3473',
  '+3474',
];
/** 300–305, 310–323, 350, 351 (libphonenumber's metadata rejects 306–309 and part of 324). */
const COLOMBIA_MOBILE_PREFIXES = [
  ...['00', '01', '02', '03', '04', '05'].map((digits) => `+573${digits}`),
  ...Array.from({ length: 14 }, (_, i) => `+573${i + 10}`),
  '+57350',
  '+57351',
];
/** 07xxx blocks that libphonenumber accepts as GB mobiles throughout (scanned in each 4-digit block). */
const GB_MOBILE_PREFIXES = [
  ...['740', '741', '742', '743', '744', '746', '747', '748', '749'],
  ...['771', '772', '773', '774', '775', '776', '777', '780', '781'],
  ...['785', '786', '787', '788', '789', '790', '792', '794', '795', '796', '797', '798', '799'],
].map((block) => `+44${block}`);
/** +54 9 11 then eight digits not starting with 0 or 9 (libphonenumber rejects 9x). */
const ARGENTINA_MOBILE_PREFIXES = ['1', '2', '3', '4', '5', '6', '7', '8'].map((digit) => `+54911${digit}`);

export const COUNTRIES: readonly CountryProfile[] = [
  {
    code: 'ES',
    name: 'España',
    weight: 30,
    namePool: 'es',
    cities: [
      'Madrid',
      'Barcelona',
      'Valencia',
      'Sevilla',
      'Málaga',
      'Bilbao',
      'Zaragoza',
      'A Coruña',
      'Logroño',
      'Córdoba',
      'Alcalá de Henares',
      'Cádiz',
      'Palma',
      'San Sebastián',
    ],
    companySuffixes: ['S.L.', 'S.A.', 'S.L.U.', ''],
    emailDomains: ['gmail.com', 'hotmail.es', 'yahoo.es', 'outlook.es', 'telefonica.net'],
    // Mobiles: 6xx xxx xxx and 71x–74x xxx xxx.
    phoneSpace: SPAIN_MOBILE_PREFIXES.length * 10 ** 7,
    phoneAt: prefixed(SPAIN_MOBILE_PREFIXES, 7),
  },
  {
    code: 'MX',
    name: 'México',
    weight: 15,
    namePool: 'es',
    cities: [
      'Ciudad de México',
      'Guadalajara',
      'Monterrey',
      'Puebla',
      'Querétaro',
      'Mérida',
      'Cancún',
      'León',
      'Tijuana',
    ],
    companySuffixes: ['S.A. de C.V.', 'S. de R.L.', ''],
    emailDomains: ['gmail.com', 'hotmail.com', 'yahoo.com.mx', 'outlook.com', 'prodigy.net.mx'],
    // Ten national digits since Mexico's 2019 numbering reform: the old mobile "1" after +52 is gone
    // and libphonenumber rejects +52 1 … numbers.
    phoneSpace: 3 * 10 ** 8,
    phoneAt: prefixed(['+5255', '+5233', '+5281'], 8),
  },
  {
    code: 'US',
    name: 'United States',
    weight: 15,
    namePool: 'en',
    cities: [
      'New York',
      'San Francisco',
      'Chicago',
      'Boston',
      'Seattle',
      'Austin',
      'Miami',
      'Denver',
      'Houston',
      'Atlanta',
    ],
    companySuffixes: ['Inc.', 'LLC', 'Corp.', ''],
    emailDomains: ['gmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'aol.com'],
    phoneSpace: US_AREA_CODES.length * NANP_EXCHANGES.length * 10_000,
    phoneAt: nanp(US_AREA_CODES),
  },
  {
    code: 'CA',
    name: 'Canada',
    weight: 6,
    namePool: 'en',
    cities: ['Toronto', 'Vancouver', 'Montréal', 'Calgary', 'Ottawa', 'Québec'],
    companySuffixes: ['Inc.', 'Ltd.', 'Ltée', ''],
    emailDomains: ['gmail.com', 'yahoo.ca', 'outlook.com', 'rogers.com', 'shaw.ca'],
    phoneSpace: CA_AREA_CODES.length * NANP_EXCHANGES.length * 10_000,
    phoneAt: nanp(CA_AREA_CODES),
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    weight: 8,
    namePool: 'en',
    cities: ['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Edinburgh', 'Bristol', 'Liverpool'],
    companySuffixes: ['Ltd', 'PLC', 'LLP', ''],
    emailDomains: ['gmail.com', 'btinternet.com', 'hotmail.co.uk', 'yahoo.co.uk', 'sky.com'],
    // Mobiles 07xxx outside the ranges libphonenumber assigns to Jersey, Guernsey and the Isle of Man
    // or rejects (07700 900xxx, the drama range, among them).
    phoneSpace: GB_MOBILE_PREFIXES.length * 10 ** 7,
    phoneAt: prefixed(GB_MOBILE_PREFIXES, 7),
  },
  {
    code: 'AR',
    name: 'Argentina',
    weight: 8,
    namePool: 'es',
    cities: [
      'Buenos Aires',
      'Córdoba',
      'Rosario',
      'Mendoza',
      'La Plata',
      'Mar del Plata',
      'San Miguel de Tucumán',
      'Neuquén',
    ],
    companySuffixes: ['S.A.', 'S.R.L.', 'S.A.S.', ''],
    emailDomains: ['gmail.com', 'hotmail.com.ar', 'yahoo.com.ar', 'outlook.com', 'fibertel.com.ar'],
    // Mobiles in international form: +54 9 11 xxxx xxxx (Buenos Aires).
    phoneSpace: ARGENTINA_MOBILE_PREFIXES.length * 10 ** 7,
    phoneAt: prefixed(ARGENTINA_MOBILE_PREFIXES, 7),
  },
  {
    code: 'DE',
    name: 'Germany',
    weight: 10,
    namePool: 'de',
    cities: [
      'Berlin',
      'München',
      'Hamburg',
      'Köln',
      'Frankfurt am Main',
      'Düsseldorf',
      'Stuttgart',
      'Leipzig',
    ],
    companySuffixes: ['GmbH', 'AG', 'GmbH & Co. KG', 'e.K.'],
    emailDomains: ['gmail.com', 'web.de', 'gmx.de', 't-online.de', 'outlook.de'],
    // Mobiles 015x: 1511, 1512, 1520, 1522, 1570, 1590 … as 151/152/157/159 + 8 digits.
    phoneSpace: 4 * 10 ** 8,
    phoneAt: prefixed(['+49151', '+49152', '+49157', '+49159'], 8),
  },
  {
    code: 'CO',
    name: 'Colombia',
    weight: 8,
    namePool: 'es',
    cities: [
      'Bogotá',
      'Medellín',
      'Cali',
      'Barranquilla',
      'Cartagena',
      'Bucaramanga',
      'Pereira',
      'Santa Marta',
    ],
    companySuffixes: ['S.A.S.', 'S.A.', 'Ltda.', ''],
    emailDomains: ['gmail.com', 'hotmail.com', 'yahoo.es', 'outlook.com', 'une.net.co'],
    phoneSpace: COLOMBIA_MOBILE_PREFIXES.length * 10 ** 7,
    phoneAt: prefixed(COLOMBIA_MOBILE_PREFIXES, 7),
  },
];
