import { defineBackground } from 'wxt/utils/define-background';
import { setupBackground } from '@/utils/background/setup';

export default defineBackground({
  main() {
    setupBackground();
  },
});
