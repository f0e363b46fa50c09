import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './app/App';
import './app/global.css';
import { installNavigationGuard } from './app/guard';

dayjs.locale('zh-cn');
installNavigationGuard();

const queryClient = new QueryClient({
  defaultOptions: {
    // The data is local: refetch on events (data:changed), not on focus or on a timer.
    queries: { refetchOnWindowFocus: false, retry: false, staleTime: Infinity },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      theme={{
        token: { fontSize: 16, controlHeight: 38, colorPrimary: '#1f5fa8', borderRadius: 4, fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif' },
        components: { Table: { cellPaddingBlock: 8 }, Menu: { itemHeight: 46 } },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
