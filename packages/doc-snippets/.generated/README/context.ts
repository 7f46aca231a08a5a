export declare function setCookie(sessionToken: string): void;

export {};
