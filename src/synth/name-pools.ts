/**
 * Name pools for synthetic Indonesians, by naming tradition. Invented combinations of common public given names
 * and clan names; no real person's record. Each culture says how names are built (see names.ts):
 *   javanese / sundanese / minang / malay: one or two given names, no family name;
 *   batak / ntt / papuan / manado_maluku: given name(s) + clan (marga, fam) inherited from the father;
 *   bugis: given names, nobles with the title Andi; balinese: I/Ni + birth-order name + personal name.
 */
export const CULTURES = [
  'javanese',
  'sundanese',
  'batak',
  'minang',
  'malay',
  'bugis',
  'balinese',
  'ntt',
  'papuan',
  'manado_maluku',
] as const;
export type Culture = (typeof CULTURES)[number];

export type Sex = 'L' | 'P';

/** Splits a comma-separated pool (kept as one string so the file stays compact). */
function list(text: string): readonly string[] {
  return text.split(',').map((s) => s.trim());
}

/** Muslim (Arabic-derived) given names used across the archipelago. */
export const MUSLIM_GIVEN: Record<Sex, readonly string[]> = {
  L: list(
    'Ahmad, Abdul Rahman, Abdul Karim, Abdullah, Hasan, Husain, Ismail, Ibrahim, Yusuf, Ridwan, Syahrul, Fauzi, Hidayat, Arif, Rizki, Zainal, Zulkifli, Rahmat, Nurdin, Samsul, Syamsuddin, Baharuddin, Jamaluddin, Saiful, Syaiful, Hamzah, Anwar, Amir, Salim, Usman, Umar, Ali, Musa, Ilham, Fadli, Ikhsan, Khairul, Nasrullah, Hafiz, Lukman, Mahmud, Mustafa, Sulaiman',
  ),
  P: list(
    'Siti, Fatimah, Aisyah, Khadijah, Zainab, Nurhayati, Nur, Rahmawati, Halimah, Maryam, Aminah, Salmah, Rukiah, Hasanah, Jamilah, Nurul, Hafsah, Ramlah, Sitti, Habibah, Rohani, Maimunah, Zubaidah, Mardiah, Syarifah, Nurjannah, Rabiah, Sakinah, Faridah, Hamidah',
  ),
};

/** Second names that follow a Muslim or Javanese first name. */
export const MUSLIM_SECOND: Record<Sex, readonly string[]> = {
  L: list(
    'Hidayat, Saputra, Pratama, Ramadhan, Maulana, Firmansyah, Setiawan, Kurniawan, Hakim, Syahputra, Nugroho, Santoso, Wibowo, Hidayatullah, Fadillah, Rahman, Iskandar, Effendi',
  ),
  P: list(
    'Hidayati, Rahmawati, Wulandari, Lestari, Safitri, Handayani, Kurniasih, Fitriani, Nuraini, Yuliani, Susanti, Aminah, Hasanah, Maryani, Rahayu, Anggraini, Oktaviani, Puspitasari',
  ),
};

/** Christian given names (Catholic and Protestant), common in NTT, Papua, Batak lands, Manado and Maluku. */
export const CHRISTIAN_GIVEN: Record<Sex, readonly string[]> = {
  L: list(
    'Yohanes, Agustinus, Fransiskus, Yosef, Petrus, Paulus, Dominggus, Marthen, Yakobus, Herman, Markus, Yulius, Lukas, Matius, Nikolas, Stefanus, Antonius, Benediktus, Kornelis, Simon, Andreas, Daniel, Samuel, Yonas, Obet, Yunus, Mikael, Aloysius, Gabriel, Wilhelmus, Benyamin, Filipus, Hendrik, Alfons, Eduardus, Kristoforus, Laurensius, Melkianus, Yeremias',
  ),
  P: list(
    'Maria, Yuliana, Theresia, Margaretha, Kristina, Agustina, Selvina, Martha, Debora, Naomi, Ribka, Ester, Elisabeth, Magdalena, Veronika, Fransiska, Katarina, Yohana, Anastasia, Florentina, Emiliana, Sesilia, Yosefina, Regina, Susana, Lusia, Maria Goreti, Dorkas, Adriana, Rosalia, Petronela, Getrudis, Yakoba, Sarlota, Mariana',
  ),
};

export const JAVANESE_GIVEN: Record<Sex, readonly string[]> = {
  L: list(
    'Slamet, Sutrisno, Bambang, Agus, Budi, Joko, Hermawan, Suparman, Sugeng, Wahyu, Eko, Dwi, Suyanto, Sumarno, Supriyadi, Heru, Teguh, Purnomo, Sukardi, Parno, Tukiman, Sarijo, Mulyono, Sugiarto, Haryanto, Widodo, Susilo, Darmaji, Triyono, Kasno, Paijo, Ngadimin, Suwarno, Bagus, Setyo, Yanto, Kurniawan, Setiawan, Prasetyo, Gunawan',
  ),
  P: list(
    'Sri, Sumarni, Suparmi, Wartini, Dewi, Endang, Tri, Lestari, Sulastri, Suminah, Tukiyem, Painem, Sumiyati, Wahyuni, Rahayu, Ngatini, Suwarni, Kartini, Murni, Sukarsih, Yuliani, Puji, Ani, Sriyatun, Wiji, Dwi, Winarti, Siti, Partini, Kasmini, Sutinah, Warsini',
  ),
};

export const SUNDANESE_GIVEN: Record<Sex, readonly string[]> = {
  L: list(
    'Asep, Ujang, Dede, Cecep, Dadang, Enjang, Iwan, Ade, Aep, Jajang, Yayan, Dadan, Encep, Ujang Sopian, Wawan, Dodi, Yusuf, Entis, Ajat, Engkus, Odang, Oman, Ikin, Aceng',
  ),
  P: list(
    'Euis, Neneng, Imas, Popon, Tati, Yayah, Cucu, Nining, Enok, Iis, Eneng, Nenden, Lilis, Dedeh, Oneng, Entin, Titin, Iyam, Engkom, Yoyoh, Elis, Ai, Rina, Nunung',
  ),
};

/** Sundanese surname-like second names built on Arabic roots (Saepudin for Saifuddin). */
export const SUNDANESE_SECOND: Record<Sex, readonly string[]> = {
  L: list('Saepudin, Sopian, Supriatna, Kurnia, Hidayat, Suryana, Mulyana, Permana, Sutisna, Rohendi'),
  P: list('Rohaeni, Komariah, Rosita, Suryani, Nurhasanah, Kurniasih, Mulyani, Rostika, Hayati'),
};

export const MINANG_GIVEN: Record<Sex, readonly string[]> = {
  L: list(
    'Afrizal, Yusrizal, Zulkifli, Rahmat, Syafrizal, Yulizar, Asrul, Jasman, Nofriadi, Erizal, Hendri, Darmansyah, Irwan, Masrizal, Buyung, Zulhendri, Desrizal, Firdaus, Yondri, Ramli',
  ),
  P: list(
    'Fitri, Yulianti, Desi, Nurhayati, Rosmaniar, Yusnimar, Erni, Nelmawati, Yenni, Syafnidar, Asnimar, Rosna, Mardiana, Yusnita, Zuraida, Elfi, Nofrita, Warnida, Darmawati, Rosmiati',
  ),
};

/** Batak clan names (marga), Toba, Mandailing and Karo. */
export const BATAK_MARGA: readonly string[] = list(
  'Simanjuntak, Siregar, Nasution, Lubis, Hutapea, Sitompul, Sinaga, Situmorang, Pardede, Tampubolon, Manurung, Sihombing, Harahap, Silalahi, Napitupulu, Simatupang, Panjaitan, Hutagalung, Ginting, Sembiring, Tarigan, Purba, Saragih, Pasaribu, Simbolon, Sianturi, Marpaung, Hasibuan, Rangkuti, Damanik',
);

export const BUGIS_GIVEN: Record<Sex, readonly string[]> = {
  L: list(
    'Baharuddin, Syamsuddin, Muhammad Arsyad, Abdul Haris, Hasanuddin, Ambo, Lamaddukelleng, Sudirman, Mappiasse, Rusdi, Nasaruddin, Syahrir, Kamaruddin, Takdir, Arifin, Hamka, Basri, Jufri, Rahman, Idris, Muhlis, Tajuddin, Haeruddin, Sainal',
  ),
  P: list(
    'Sitti, Hasnah, Nurhaeda, Hadijah, Jumriah, Hasmawati, Rosmini, Nurhayati, Sunarti, Haslinda, Marhumah, Nurbaya, Suriani, Hasnidar, Rahmatia, Salmiah, Darmawati, Hamsinah, Syamsiah',
  ),
};

/** Balinese birth-order names (first to fourth child, then the cycle repeats) and personal names. */
export const BALINESE_ORDER: readonly (readonly string[])[] = [
  ['Wayan', 'Putu', 'Gede'],
  ['Made', 'Kadek', 'Nengah'],
  ['Nyoman', 'Komang'],
  ['Ketut'],
];
export const BALINESE_PERSONAL: Record<Sex, readonly string[]> = {
  L: list(
    'Sudarma, Suarta, Wirawan, Sukadana, Artawan, Budiasa, Suryawan, Mertha, Sudiarta, Astawa, Suardana, Widiana, Parwata, Sutama, Darmayasa, Gunawan, Adnyana, Suweca, Yasa, Wardana',
  ),
  P: list(
    'Sukarini, Suartini, Wartini, Sumiati, Ariani, Sriasih, Yuniari, Suastini, Murniasih, Rai, Sudiani, Widiastuti, Purnamawati, Sukerti, Ayu, Kartika, Mariani, Sulastri, Darmini',
  ),
};

/** Clan and family names of Nusa Tenggara Timur: Timor (Dawan), Rote, Sabu, Flores, Sumba, Alor. */
export const NTT_CLAN: readonly string[] = list(
  'Tefa, Nenometa, Benu, Tallo, Nomleni, Bani, Taneo, Sau, Lake, Oematan, Nubatonis, Tanesib, Kolo, Naisoko, Selan, Ndun, Pah, Adu, Ndolu, Mesakh, Dethan, Ndoen, Manafe, Nalle, Riwu, Kana, Haba, Lado, Bire, Da Silva, Parera, Fernandez, Da Costa, Lewar, Koten, Kedang, Wolo, Bata, Mbete, Ndapa, Hamba, Lero, Djawa, Tukan, Making, Lamabelawa, Ola, Blikololong, Maure, Sareng, Jehaut, Wunga, Mau, Lekitoo, Babang, Djami, Rihi, Mooy',
);

/** Papuan clan names (fam/marga): highlands, Biak, Bird's Head, south coast. */
export const PAPUAN_CLAN: readonly string[] = list(
  'Wenda, Tabuni, Wonda, Kogoya, Murib, Yikwa, Mote, Pigai, Gobai, Tebai, Douw, Rumbiak, Mansoben, Kaisiepo, Wanma, Rumbewas, Yoku, Ohee, Hamadi, Ireeuw, Mandowen, Korwa, Yoman, Wakerkwa, Enembe, Lokbere, Wetipo, Kossay, Magai, Yeimo, Kambu, Mayor, Gebze, Mahuze, Kaize, Ndiken, Rumaropen, Awom, Wairara, Sawaki',
);

/** Fam names of Minahasa (Manado) and Maluku, plus Toraja. */
export const MANADO_MALUKU_FAM: readonly string[] = list(
  'Rumengan, Wenas, Mandagi, Pangemanan, Sondakh, Kaunang, Lumanauw, Tumbelaka, Rondonuwu, Rumondor, Sumampouw, Lengkong, Pattinasarany, Tuhumury, Pattiasina, Sahetapy, Leatemia, Manuputty, Latumahina, Matulessy, Latuconsina, Tuasikal, Ohorella, Sangadji, Tandirerung, Pasulu, Palinggi, Sampe',
);

/** Names popular for children born since about 2000, across cultures. */
export const MODERN_GIVEN: Record<Sex, readonly string[]> = {
  L: list(
    'Aditya, Rizky, Dimas, Fadli, Kevin, Farhan, Rafi, Bima, Arya, Dafa, Raihan, Alif, Fikri, Naufal, Yoga, Reza, Gilang, Rehan, Abi, Zidan, Kenzo, Arkan, Axel, Jonathan',
  ),
  P: list(
    'Putri, Nabila, Aulia, Dinda, Alya, Jessica, Angel, Salsabila, Zahra, Aisyah, Keisha, Nayla, Cantika, Amelia, Anisa, Citra, Intan, Syifa, Najwa, Kirana, Gracia, Vania',
  ),
};

/** Spellings of Muhammad as they appear in registers, with rough regional leanings (see names.ts). */
export const MUHAMMAD_SPELLINGS: readonly string[] = list(
  'Muhammad, Muhamad, Mohammad, Mohamad, Mochammad, Mochamad, Moh., Muh., M., Mukhamad, Muhamat, Mohamed',
);

/** Common nicknames (panggilan) that end up in informal lists, keyed by the formal given name. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  Hermawan: ['Wawan'],
  Setiawan: ['Wawan', 'Iwan'],
  Kurniawan: ['Iwan', 'Awan'],
  Gunawan: ['Igun', 'Gun'],
  Suparman: ['Parman'],
  Sutrisno: ['Tris'],
  Bambang: ['Bams'],
  Slamet: ['Met'],
  Rahmat: ['Amat'],
  'Abdul Rahman': ['Dul', 'Rahman'],
  Abdullah: ['Dulah'],
  Agustinus: ['Agus', 'Gusti'],
  Yohanes: ['Anis', 'Yan'],
  Fransiskus: ['Frans', 'Siku'],
  Dominggus: ['Domi'],
  Margaretha: ['Eta', 'Greta'],
  Theresia: ['Tere', 'Resi'],
  Kristina: ['Tina'],
  Yuliana: ['Yuli', 'Ana'],
  Nurhayati: ['Yati', 'Nur'],
  Muhammad: ['Mamat', 'Memed'],
  Wahyuni: ['Yuni'],
  Sulastri: ['Tri', 'Las'],
  Sumarni: ['Marni'],
  Suparmi: ['Parmi'],
  Fatimah: ['Imah', 'Ima'],
  Khadijah: ['Ijah'],
  Aminah: ['Minah'],
  Halimah: ['Limah'],
  Zainal: ['Inal'],
  Zulkifli: ['Zul', 'Ijul'],
  Baharuddin: ['Bahar'],
  Syamsuddin: ['Sam'],
  Hasanuddin: ['Hasan', 'Udin'],
  Jamaluddin: ['Jamal', 'Udin'],
  Elisabeth: ['Eli', 'Lisa'],
  Magdalena: ['Lena', 'Eda'],
  Stefanus: ['Stef', 'Epan'],
  Antonius: ['Anton', 'Toni'],
  Kornelis: ['Kornel', 'Nelis'],
  Wilhelmus: ['Wilem', 'Emus'],
  Benyamin: ['Beni'],
  Petronela: ['Nela'],
  Ujang: ['Jang'],
  Dadang: ['Dang'],
  Sukarsih: ['Karsih'],
  Prasetyo: ['Pras', 'Tyo'],
  Haryanto: ['Anto', 'Yanto'],
};

/** Prefix titles for registers that still carry them (new records since 2022 should not). */
export const MUSLIM_PILGRIM_TITLE: Record<Sex, string> = { L: 'H.', P: 'Hj.' };
export const ACADEMIC_PREFIX: Record<Sex, readonly string[]> = {
  L: ['Drs.', 'Ir.', 'Dr.'],
  P: ['Dra.', 'Ir.', 'Dr.'],
};
export const DEGREE_SUFFIX: readonly string[] = list(
  'S.Pd., S.Pd.I., S.E., S.H., S.Sos., S.Kep., A.Md., S.T., S.Ag., M.Pd.',
);
