/** The app's version, recorded in runs (`trainyard.app_version`) and bundle manifests. */
export const APP_VERSION: string = import.meta.env.VITE_APP_VERSION ?? '0.1.0';
