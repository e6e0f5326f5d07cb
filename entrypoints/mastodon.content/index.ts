import { defineContentScript } from 'wxt/utils/define-content-script';

export default defineContentScript({
  // Registered at run time, only for the origins of signed-in instances.
  registration: 'runtime',
  main() {},
});
