import { Text } from '@mantine/core';
import { Page } from '../../ui/page.js';

/** What the private room's pages show to someone who does not treat: a plain word, nothing of anyone's. */
export function NotTreatingPage({ title, message }: { title: string; message: string }) {
  return (
    <Page title={title}>
      <Text>{message}</Text>
    </Page>
  );
}
