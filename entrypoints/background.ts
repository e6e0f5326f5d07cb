import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground({
  type: 'module',
  main() {
    // Wiring only: message handlers and alarms are attached in utils/.
  },
});
