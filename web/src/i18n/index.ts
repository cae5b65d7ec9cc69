import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../format.js';
import { en } from './en.js';
import { id } from './id.js';

const KEY = (user: string) => `entas.lang.${user}`;

/** The language a user chose last on this browser (a preference, not a credential); Indonesian otherwise. */
export function savedLanguage(user: string | null): Lang {
  const saved = user ? localStorage.getItem(KEY(user)) : null;
  return saved === 'en' ? 'en' : 'id';
}

export function setLanguage(lang: Lang, user: string | null): void {
  if (user) localStorage.setItem(KEY(user), lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: 'id',
  fallbackLng: 'id',
  interpolation: { escapeValue: false },
});

export default i18n;
