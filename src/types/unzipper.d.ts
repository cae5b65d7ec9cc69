// Minimal types for the part of unzipper (a dependency of exceljs) we use: random access to a zip's entries.
declare module 'unzipper' {
  export interface CentralDirectoryFile {
    path: string;
    uncompressedSize: number;
    buffer(): Promise<Buffer>;
  }
  export interface CentralDirectory {
    files: CentralDirectoryFile[];
  }
  export const Open: {
    file(path: string): Promise<CentralDirectory>;
  };
}
