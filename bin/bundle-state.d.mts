export declare const root: string;
export declare const bundleMain: string;
export declare function staleReason(): string | undefined;
