import type { DataCategory, ReportChannel, SourceVector } from '../case/vocabulary.js';
import type { BuiltInSubjectNoun, StatementLanguage } from './holding-statement-types.js';

// Words the templates' placeholders are filled with. None of them may name a vendor, blame
// anyone or mention encryption: the guardrails would refuse the statement.

/** Where the claim was seen, said without pointing to it: `Menanggapi informasi {channel} …`. */
export const CHANNEL_PHRASES: Record<StatementLanguage, Record<ReportChannel, string>> = {
  id: {
    'social-media': 'yang beredar di media sosial',
    'dark-web-forum': 'yang beredar di sebuah forum daring',
    media: 'yang diberitakan media',
    researcher: 'dari peneliti keamanan',
    regulator: 'dari otoritas terkait',
    internal: 'dari pemantauan internal kami',
  },
  en: {
    'social-media': 'circulating on social media',
    'dark-web-forum': 'circulating on an online forum',
    media: 'reported in the media',
    researcher: 'from a security researcher',
    regulator: 'from the authorities',
    internal: 'from our own monitoring',
  },
};

export const CATEGORY_LABELS: Record<StatementLanguage, Record<DataCategory, string>> = {
  id: {
    'national-id': 'NIK',
    name: 'nama',
    phone: 'nomor telepon',
    address: 'alamat',
    email: 'alamat email',
    'tax-id': 'NPWP',
    'birth-place-date': 'tempat dan tanggal lahir',
    gender: 'jenis kelamin',
    photo: 'foto',
    'family-members': 'data anggota keluarga',
    salary: 'gaji',
    'card-number': 'nomor kartu',
    'office-code': 'kode kantor',
    dependants: 'data tanggungan',
    'payment-status': 'status pembayaran',
    health: 'data kesehatan',
    'financial-account': 'data rekening',
    credentials: 'data akses akun',
    other: 'data lainnya',
  },
  en: {
    'national-id': 'national ID numbers',
    name: 'names',
    phone: 'phone numbers',
    address: 'addresses',
    email: 'email addresses',
    'tax-id': 'tax ID numbers',
    'birth-place-date': 'places and dates of birth',
    gender: 'gender',
    photo: 'photos',
    'family-members': 'family members',
    salary: 'salaries',
    'card-number': 'card numbers',
    'office-code': 'office codes',
    dependants: 'dependants',
    'payment-status': 'payment status',
    health: 'health data',
    'financial-account': 'financial account details',
    credentials: 'account login details',
    other: 'other data',
  },
};

/** Only printed when PR explicitly includes source details. */
export const VECTOR_PHRASES: Record<StatementLanguage, Record<SourceVector, string>> = {
  id: {
    'compromised-vendor-credential': 'kredensial vendor yang disalahgunakan',
    'api-abuse': 'penyalahgunaan API',
    insider: 'akses orang dalam',
    misconfiguration: 'kesalahan konfigurasi',
    malware: 'malware',
    unknown: 'jalur yang belum teridentifikasi',
  },
  en: {
    'compromised-vendor-credential': 'a compromised vendor credential',
    'api-abuse': 'abuse of an API',
    insider: 'insider access',
    misconfiguration: 'a misconfiguration',
    malware: 'malware',
    unknown: 'a route not yet identified',
  },
};

export const SUBJECT_NOUNS: Record<StatementLanguage, Record<BuiltInSubjectNoun, string>> = {
  id: { members: 'peserta', customers: 'pelanggan', users: 'pengguna' },
  en: { members: 'members', customers: 'customers', users: 'users' },
};
