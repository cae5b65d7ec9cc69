/** A problem found in an identifier or value: a stable code and a message in Bahasa Indonesia and English. */
export interface Issue {
  code: string;
  message: string;
  message_id: string;
}

export function issue(code: string, en: string, id: string): Issue {
  return { code, message: en, message_id: id };
}
